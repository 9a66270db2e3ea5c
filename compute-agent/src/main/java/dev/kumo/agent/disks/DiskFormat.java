package dev.kumo.agent.disks;

import java.util.Locale;

/** The image disk formats a host can boot a root disk from. */
public enum DiskFormat {
    RAW("raw"),
    QCOW2("qcow2");

    private final String qemuName;

    DiskFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }

    /**
     * The format of an image's {@code disk_format}: raw and qcow2 as they are; Glance's ami (an Amazon machine
     * image), iso and the kernel and ramdisk formats aki and ari are raw bytes to QEMU.
     *
     * @throws DiskException for a format QEMU cannot boot here (vhd, vmdk, vdi, ...)
     */
    public static DiskFormat ofGlance(String diskFormat) {
        String format = diskFormat == null ? "raw" : diskFormat.toLowerCase(Locale.ROOT);
        return switch (format) {
            case "raw", "ami", "aki", "ari", "iso" -> RAW;
            case "qcow2" -> QCOW2;
            default -> throw new DiskException("disk format " + diskFormat + " cannot be booted on this host", null);
        };
    }
}
