package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * The gateway tells the instance's host to snapshot its root disk into the image {@code imageId}, which the
 * gateway has already created (queued) in the image service on the tenant's behalf. The host uploads the data
 * with its own service credentials; {@code baseImageRef} is the image the instance was built from. Answered with
 * {@code instance.operated} (SNAPSHOT); on failure the host deletes the unfinished image. A backup (createBackup)
 * names its {@code backupType} and {@code rotation}: once it is uploaded, only the newest {@code rotation} backups of
 * that type of the instance are kept; both are null for a snapshot.
 */
@Contract(type = "host.snapshot-instance", topic = Topics.HOST_COMMANDS)
public record SnapshotInstance(String host, UUID instanceId, String imageId, String baseImageRef, String requestId,
        String backupType, Integer rotation) implements Message {

    /** A snapshot (createImage): nothing is rotated. */
    public SnapshotInstance(String host, UUID instanceId, String imageId, String baseImageRef, String requestId) {
        this(host, instanceId, imageId, baseImageRef, requestId, null, null);
    }

    public boolean isBackup() {
        return rotation != null;
    }

    @Override
    public String key() {
        return host;
    }
}
