package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.List;
import java.util.UUID;

/**
 * network-service tells the compute API which floating IPs a server's port has now (associate, disassociate, a
 * floating IP deleted): the gateway shows them in the server's {@code addresses} with
 * {@code OS-EXT-IPS:type: floating}. A full state of the port, so a repeated message converges.
 *
 * @param floatingIps the port's floating addresses now; empty when it has none
 */
@Contract(type = "instance.port-floating-ips", topic = Topics.INSTANCE_EVENTS)
public record PortFloatingIps(UUID instanceId, String portId, List<String> floatingIps) implements Message {

    public PortFloatingIps {
        floatingIps = floatingIps == null ? List.of() : List.copyOf(floatingIps);
    }

    @Override
    public String key() {
        return instanceId.toString();
    }
}
