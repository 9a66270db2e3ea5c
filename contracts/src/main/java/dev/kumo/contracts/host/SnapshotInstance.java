package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * The gateway tells the instance's host to snapshot its root disk into the image {@code imageId}, which the
 * gateway has already created (queued) in the image service on the tenant's behalf. The host uploads the data
 * with its own service credentials; {@code baseImageRef} is the image the instance was built from. Answered with
 * {@code instance.operated} (SNAPSHOT); on failure the host deletes the unfinished image.
 */
@Contract(type = "host.snapshot-instance", topic = Topics.HOST_COMMANDS)
public record SnapshotInstance(String host, UUID instanceId, String imageId, String baseImageRef, String requestId)
        implements Message {

    @Override
    public String key() {
        return host;
    }
}
