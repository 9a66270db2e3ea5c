package dev.kumo.gateway.compute;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compute API microversion, {@code 2.N}. Clients ask for one per request; every body the API reads or
 * writes is shaped as that microversion defines it.
 */
public record Microversion(int major, int minor) implements Comparable<Microversion> {

    public static final Microversion MIN = new Microversion(2, 1);
    public static final Microversion MAX = new Microversion(2, 37);

    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

    /** Parses {@code 2.37} or {@code latest}; a malformed version is a 400, one outside the range a 406. */
    public static Microversion parse(String text) {
        String value = text.strip();
        if ("latest".equalsIgnoreCase(value)) {
            return MAX;
        }
        Matcher matcher = FORMAT.matcher(value);
        if (!matcher.matches()) {
            throw ComputeError.badRequest("API Version String " + value + " is of invalid format. Must be of format"
                    + " MajorNum.MinorNum.");
        }
        Microversion version = new Microversion(Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)));
        if (version.compareTo(MIN) < 0 || version.compareTo(MAX) > 0) {
            throw new ComputeError(406, "Version " + version + " is not supported by the API. Minimum is " + MIN
                    + " and maximum is " + MAX + ".");
        }
        return version;
    }

    /** True when this version is 2.{@code minor} or later. */
    public boolean atLeast(int minorVersion) {
        return major > 2 || (major == 2 && minor >= minorVersion);
    }

    @Override
    public int compareTo(Microversion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
