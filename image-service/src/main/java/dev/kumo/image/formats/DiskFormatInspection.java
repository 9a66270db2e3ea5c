package dev.kumo.image.formats;

import java.util.Optional;

/**
 * Looks at the first bytes of an upload before any of it is stored: refuses qcow2 data that names a backing
 * file or an external data file (whatever disk_format the image declares), and data that does not match a
 * declared qcow2 format. Yields the virtual size when the header carries one.
 */
public final class DiskFormatInspection {

    /** How many bytes of an upload the inspection needs to see. */
    public static final int HEAD_LENGTH = 512;

    private DiskFormatInspection() {
    }

    /**
     * @return the image's virtual size if its header tells it (qcow2), else empty
     * @throws UnsafeImage when the data must not be accepted, with a message for the user
     */
    public static Optional<Long> inspect(String diskFormat, byte[] head) {
        Optional<Qcow2Header> qcow2;
        try {
            qcow2 = Qcow2Header.parse(head);
        } catch (IllegalArgumentException e) {
            throw new UnsafeImage(e.getMessage());
        }
        if (qcow2.isEmpty()) {
            if ("qcow2".equals(diskFormat)) {
                throw new UnsafeImage("Image data does not match the disk_format qcow2: no qcow2 header.");
            }
            return Optional.empty();
        }
        Qcow2Header header = qcow2.get();
        if (header.hasBackingFile()) {
            throw new UnsafeImage("Image is a qcow2 image with a backing file, which is not allowed.");
        }
        if (header.hasExternalDataFile()) {
            throw new UnsafeImage("Image is a qcow2 image with an external data file, which is not allowed.");
        }
        return "qcow2".equals(diskFormat) ? Optional.of(header.virtualSize()) : Optional.empty();
    }

    /** Data the image service refuses to keep. */
    public static class UnsafeImage extends RuntimeException {
        public UnsafeImage(String message) {
            super(message, null, false, false);
        }
    }
}
