package dev.kumo.image.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads an upload while counting and hashing it (md5 for Glance's {@code checksum}, sha512 for
 * {@code os_hash_value}); stops with {@link ImageTooLarge} past the limit and tells read failures of the
 * client apart from the store's own ({@link UnreadableUpload}).
 */
final class HashingInput extends InputStream {

    private final InputStream in;
    private final long limit;
    private final MessageDigest md5 = digest("MD5");
    private final MessageDigest sha512 = digest("SHA-512");
    private long size;

    HashingInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new UnreadableUpload(e);
        }
        if (n > 0) {
            size += n;
            if (size > limit) {
                throw new ImageTooLarge(limit);
            }
            md5.update(buffer, offset, n);
            sha512.update(buffer, offset, n);
        }
        return n;
    }

    StoredImage result() {
        HexFormat hex = HexFormat.of();
        return new StoredImage(size, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
