package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/** The tenant kept the new flavor: the scheduler releases what the migration held of the old one. */
@Contract(type = "instance.confirm-resize", topic = Topics.INSTANCE_REQUESTS)
public record ResizeConfirmed(UUID instanceId, UUID migrationId) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
