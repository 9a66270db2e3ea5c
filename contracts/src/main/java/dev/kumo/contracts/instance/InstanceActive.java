package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** The host's agent defined and started the instance's domain: it runs. */
@Contract(type = "instance.active", topic = Topics.INSTANCE_EVENTS)
public record InstanceActive(UUID instanceId, String host, String domainName, Instant launchedAt)
        implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
