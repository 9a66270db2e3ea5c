package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The host's agent defined and started the instance's domain: it runs, plugged into {@code ports}. */
@Contract(type = "instance.active", topic = Topics.INSTANCE_EVENTS)
public record InstanceActive(UUID instanceId, String host, String domainName, Instant launchedAt,
        List<AttachedPort> ports) implements Message {

    public InstanceActive {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A domain with no network interface. */
    public InstanceActive(UUID instanceId, String host, String domainName, Instant launchedAt) {
        this(instanceId, host, domainName, launchedAt, List.of());
    }

    @Override
    public String key() {
        return instanceId.toString();
    }
}
