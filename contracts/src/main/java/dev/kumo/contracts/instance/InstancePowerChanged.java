package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.PowerState;
import java.time.Instant;
import java.util.UUID;

/**
 * A host noticed that a domain's power state changed without being asked (the guest shut itself down, crashed,
 * or was destroyed behind the agent's back), or found it so during its periodic power-state sync.
 */
@Contract(type = "instance.power-changed", topic = Topics.INSTANCE_EVENTS)
public record InstancePowerChanged(UUID instanceId, String host, PowerState powerState, Instant at)
        implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
