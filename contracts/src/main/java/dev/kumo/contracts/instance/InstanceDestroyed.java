package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * Nothing of the instance is left on any host: its domain is gone (or never existed). {@code host} is
 * null when the instance never reached a host.
 */
@Contract(type = "instance.destroyed", topic = Topics.INSTANCE_EVENTS)
public record InstanceDestroyed(UUID instanceId, String host) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
