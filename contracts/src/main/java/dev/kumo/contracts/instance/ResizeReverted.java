package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * The instance goes back to its old flavor: asked by the tenant (revertResize) or by the gateway when a resize
 * never finished. The scheduler releases the new claim, gives the migration's old one back to the instance, and
 * tells the host to go back to {@code oldResources} ({@code host.resize-instance}, REVERT_RESIZE).
 */
@Contract(type = "instance.revert-resize", topic = Topics.INSTANCE_REQUESTS)
public record ResizeReverted(UUID instanceId, UUID migrationId, String host, String name, String imageRef,
        Resources oldResources, String requestId) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
