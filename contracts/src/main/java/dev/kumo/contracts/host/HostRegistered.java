package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.time.Instant;

/**
 * An agent announces its host and what it can offer: sent at start and whenever capacity changes.
 * {@code hypervisorType} is {@code QEMU} or {@code test}; {@code domainType} is {@code kvm}, {@code qemu}
 * (TCG) or {@code test}. {@code agentUrl} is where the agent answers HTTP (console output, its domains).
 */
@Contract(type = "host.registered", topic = Topics.HOST_EVENTS)
public record HostRegistered(
        String host,
        String hypervisorType,
        String domainType,
        String libvirtUri,
        Resources capacity,
        Instant at,
        String agentUrl) implements Message {

    @Override
    public String key() {
        return host;
    }
}
