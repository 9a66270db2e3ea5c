package dev.kumo.gateway.images;

import java.util.Map;

/**
 * What the compute API needs to know of a Glance image: to boot from it, and to make a snapshot that inherits
 * its formats and its hardware and OS properties ({@code inherited}).
 */
public record Image(String id, String name, String status, long minRamMb, long minDiskGb, long sizeBytes,
        String kernelId, String ramdiskId, String diskFormat, String containerFormat, Map<String, String> inherited) {

    public boolean isActive() {
        return "active".equals(status);
    }
}
