package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import java.util.UUID;

/**
 * The host applied (or failed to apply) a power operation. {@code powerState} is the domain's state afterwards;
 * {@code fault} is null on success, otherwise a sentence for the user.
 */
@Contract(type = "instance.operated", topic = Topics.INSTANCE_EVENTS)
public record InstanceOperated(
        UUID instanceId,
        String host,
        PowerOperation operation,
        PowerState powerState,
        String requestId,
        String fault) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }

    public boolean succeeded() {
        return fault == null;
    }
}
