package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/** The scheduler claimed resources for the instance on a host and sent that host the build. */
@Contract(type = "instance.scheduled", topic = Topics.INSTANCE_EVENTS)
public record InstanceScheduled(UUID instanceId, String host) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
