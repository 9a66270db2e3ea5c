package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.PortRule;
import java.util.List;
import java.util.UUID;

/**
 * The security groups of a port changed: its host replaces the port's rules with {@code rules} (resolved as in
 * {@link dev.kumo.contracts.instance.GuestNic}). A host without the port ignores it.
 */
@Contract(type = "host.update-port-rules", topic = Topics.HOST_COMMANDS)
public record UpdatePortRules(String host, UUID instanceId, String portId, List<PortRule> rules) implements Message {

    public UpdatePortRules {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    @Override
    public String key() {
        return host;
    }
}
