package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.List;
import java.util.UUID;

/**
 * api-gateway tells the network service that a deleted server's ports are free, in the transaction that marks it
 * deleted: the ports made for it go ({@code delete}), the tenant's own ports it was given stay, unbound
 * ({@code unbind}), as Nova does with Neutron's ports.
 */
@Contract(type = "instance.ports-released", topic = Topics.INSTANCE_EVENTS)
public record InstancePortsReleased(UUID instanceId, String projectId, List<String> delete, List<String> unbind)
        implements Message {

    public InstancePortsReleased {
        delete = delete == null ? List.of() : List.copyOf(delete);
        unbind = unbind == null ? List.of() : List.copyOf(unbind);
    }

    @Override
    public String key() {
        return instanceId.toString();
    }
}
