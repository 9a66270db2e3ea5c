package dev.kumo.image.formats;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The fields of a qcow2 header that matter for safety (QEMU's docs/interop/qcow2.txt): a backing file or an
 * external data file would let a guest's disk read any file of the compute host.
 */
public record Qcow2Header(int version, long backingFileOffset, int backingFileSize, long virtualSize,
                          long incompatibleFeatures) {

    /** The bytes an upload must start with to be read as qcow2 ({@code QFI\xfb}). */
    public static final int MAGIC = 0x514649fb;
    /** Version 2 headers end before the feature bits; version 3 headers are at least this long. */
    public static final int V3_LENGTH = 104;
    private static final int V2_LENGTH = 72;
    private static final long EXTERNAL_DATA_FILE = 1L << 2;

    /** Parses the head of an image; empty when it does not start like a qcow2 image. */
    public static Optional<Qcow2Header> parse(byte[] head) {
        if (head.length < 8) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(head);
        if (bytes.getInt(0) != MAGIC) {
            return Optional.empty();
        }
        int version = bytes.getInt(4);
        int needed = version >= 3 ? V3_LENGTH : V2_LENGTH;
        if (head.length < needed) {
            throw new IllegalArgumentException("The qcow2 header is truncated: " + head.length
                    + " bytes, a version " + version + " header needs " + needed + ".");
        }
        long features = version >= 3 ? bytes.getLong(72) : 0;
        return Optional.of(new Qcow2Header(version, bytes.getLong(8), bytes.getInt(16), bytes.getLong(24), features));
    }

    public boolean hasBackingFile() {
        return backingFileOffset != 0 || backingFileSize != 0;
    }

    public boolean hasExternalDataFile() {
        return (incompatibleFeatures & EXTERNAL_DATA_FILE) != 0;
    }
}
