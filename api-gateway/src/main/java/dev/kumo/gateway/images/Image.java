package dev.kumo.gateway.images;

import java.util.Map;

/**
 * What the compute API needs to know of a Glance image: to boot from it, and to make a snapshot that inherits
 * its formats and its hardware and OS properties ({@code inherited}); {@code placement} holds the properties that
 * decide where it may boot ({@code trait:*}, {@code hw_architecture}/{@code architecture},
 * {@code img_hv_type}/{@code hypervisor_type}).
 */
public record Image(String id, String name, String status, long minRamMb, long minDiskGb, long sizeBytes,
        String kernelId, String ramdiskId, String diskFormat, String containerFormat, Map<String, String> inherited,
        Map<String, String> placement) {

    public Image(String id, String name, String status, long minRamMb, long minDiskGb, long sizeBytes,
            String kernelId, String ramdiskId, String diskFormat, String containerFormat,
            Map<String, String> inherited) {
        this(id, name, status, minRamMb, minDiskGb, sizeBytes, kernelId, ramdiskId, diskFormat, containerFormat,
                inherited, Map.of());
    }

    public boolean isActive() {
        return "active".equals(status);
    }
}
