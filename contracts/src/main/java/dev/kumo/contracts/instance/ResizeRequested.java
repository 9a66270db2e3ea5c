package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * api-gateway asks the scheduler to resize an instance to {@code newResources}. The scheduler claims them on the
 * instance's host while the old resources stay held by the migration ({@code migrationId}) until the resize is
 * confirmed or reverted, then tells the host ({@code host.resize-instance}). When nothing fits it answers
 * {@code instance.operated} (RESIZE) with the reason.
 */
@Contract(type = "instance.resize", topic = Topics.INSTANCE_REQUESTS)
public record ResizeRequested(UUID instanceId, UUID migrationId, String projectId, String host, String name,
        String imageRef, Resources oldResources, Resources newResources, String requestId) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
