package dev.kumo.agent.images;

import java.util.Optional;

/**
 * What the agent needs to know of an image before it uses its data: whether it is active, its disk format, and the
 * hashes its data must match (Glance's multihash, sha512 here, and the legacy md5 {@code checksum}), and the kernel
 * and ramdisk images it boots with, if any.
 */
public record ImageFacts(String id, String status, String diskFormat, long size, String checksum, String hashAlgo,
        String hashValue, Optional<String> kernelId, Optional<String> ramdiskId) {

    public boolean isActive() {
        return "active".equals(status);
    }
}
