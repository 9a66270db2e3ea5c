package dev.kumo.image.images;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a download ({@code Range: bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}),
 * as Glance serves them to resume a download. Several ranges in one request are not served (the whole image is).
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /**
     * @return the range within an image of {@code size} bytes; empty when there is no usable Range header
     * @throws Unsatisfiable when the range lies outside the image
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        long first;
        long last;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (first > last || first >= size) {
            throw new Unsatisfiable();
        }
        return Optional.of(new ByteRange(first, last));
    }

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The range asked for lies outside the image (416). */
    public static class Unsatisfiable extends RuntimeException {
        public Unsatisfiable() {
            super("The requested range is not satisfiable.", null, false, false);
        }
    }
}
