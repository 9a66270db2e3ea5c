package dev.kumo.agent.hosts;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * For operators and the end-to-end suites: the instance domains each of this agent's hypervisors holds
 * right now, read from libvirt, running or not — the ground truth to compare the control plane with.
 */
@Path("/agent/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainsResource {

    private final Fleet fleet;

    public DomainsResource(Fleet fleet) {
        this.fleet = fleet;
    }

    @GET
    public Map<String, Object> domains() {
        Map<String, List<String>> byHost = new TreeMap<>();
        for (Host host : fleet.hosts()) {
            byHost.put(host.name(), host.hypervisor().list().stream().map(UUID::toString).sorted().toList());
        }
        return Map.of("hosts", byHost);
    }
}
