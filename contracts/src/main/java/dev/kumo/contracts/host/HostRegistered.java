package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.List;

/**
 * An agent announces its host and what it can offer: sent at start and whenever capacity changes.
 * {@code hypervisorType} is {@code QEMU} or {@code test}; {@code domainType} is {@code kvm}, {@code qemu}
 * (TCG) or {@code test}. {@code agentUrl} is where the agent answers HTTP (console output, its domains).
 * {@code architecture} is the host's CPU architecture in Nova's canonical words ({@code x86_64}, {@code aarch64}),
 * {@code traits} the standard Placement traits it has ({@code COMPUTE_*}, {@code HW_CPU_X86_*}); both may be null
 * in a message from an agent that does not report them.
 */
@Contract(type = "host.registered", topic = Topics.HOST_EVENTS)
public record HostRegistered(
        String host,
        String hypervisorType,
        String domainType,
        String libvirtUri,
        Resources capacity,
        Instant at,
        String agentUrl,
        String architecture,
        List<String> traits) implements Message {

    /** A registration without architecture and traits, as before the scheduler filtered on them. */
    public HostRegistered(String host, String hypervisorType, String domainType, String libvirtUri,
            Resources capacity, Instant at, String agentUrl) {
        this(host, hypervisorType, domainType, libvirtUri, capacity, at, agentUrl, null, null);
    }

    @Override
    public String key() {
        return host;
    }
}
