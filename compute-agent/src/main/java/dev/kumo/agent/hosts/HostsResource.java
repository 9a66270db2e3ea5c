package dev.kumo.agent.hosts;

import dev.kumo.contracts.Resources;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** For operators: the hosts this agent runs, what they offer and how many instances run on each. */
@Path("/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostsResource {

    private final Fleet fleet;

    public HostsResource(Fleet fleet) {
        this.fleet = fleet;
    }

    /** One host as this agent sees it. */
    public record HostView(String name, String hypervisorType, String domainType, String libvirtUri,
            Resources capacity, int runningInstances) {
    }

    @GET
    public List<HostView> list() {
        return fleet.hosts().stream()
                .map(host -> new HostView(host.name(), host.hypervisorType(), host.domainType().xmlName(),
                        host.libvirtUri(), host.hypervisor().inventory(), host.hypervisor().running().size()))
                .toList();
    }
}
