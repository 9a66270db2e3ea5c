package dev.kumo.gateway.images;

/** What the compute API needs to know of a Glance image to boot from it. */
public record Image(String id, String name, String status, long minRamMb, long minDiskGb, long sizeBytes,
        String kernelId, String ramdiskId) {

    public boolean isActive() {
        return "active".equals(status);
    }
}
