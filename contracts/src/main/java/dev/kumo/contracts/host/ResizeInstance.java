package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * The scheduler, having claimed {@code resources} on the host, tells it to give the instance's domain those
 * resources: the domain is stopped, defined again with them, and started again if it was running.
 * {@code operation} is RESIZE for a resize and REVERT_RESIZE for going back to the old flavor; answered with
 * {@code instance.operated} of that operation.
 */
@Contract(type = "host.resize-instance", topic = Topics.HOST_COMMANDS)
public record ResizeInstance(String host, UUID instanceId, String name, Resources resources, String imageRef,
        PowerOperation operation, String requestId) implements Message {

    @Override
    public String key() {
        return host;
    }
}
