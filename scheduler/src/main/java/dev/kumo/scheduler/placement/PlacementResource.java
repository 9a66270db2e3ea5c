package dev.kumo.scheduler.placement;

import dev.kumo.scheduler.hosts.Host;
import dev.kumo.scheduler.hosts.HostLiveness;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Read-only view of placement for operators and tests, in the shapes of OpenStack Placement: resource
 * providers (hosts) with inventories and usages, and the allocations of a consumer (instance).
 */
@Path("/placement")
@Produces(MediaType.APPLICATION_JSON)
public class PlacementResource {

    private final HostLiveness liveness;

    public PlacementResource(HostLiveness liveness) {
        this.liveness = liveness;
    }

    @GET
    @Path("/resource_providers")
    public Map<String, Object> resourceProviders() {
        List<Map<String, Object>> providers = Host.<Host>listAll().stream()
                .sorted(java.util.Comparator.comparing(host -> host.name))
                .map(this::provider)
                .toList();
        return Map.of("resource_providers", providers);
    }

    @GET
    @Path("/allocations/{consumer}")
    public Map<String, Object> allocations(@PathParam("consumer") UUID consumer) {
        Map<String, Object> byProvider = new LinkedHashMap<>();
        Allocation.<Allocation>findByIdOptional(consumer).ifPresent(allocation -> byProvider.put(allocation.host,
                Map.of("resources", resources(allocation.vcpus, allocation.memoryMb, allocation.diskGb),
                        "state", allocation.state.name())));
        return Map.of("allocations", byProvider);
    }

    private Map<String, Object> provider(Host host) {
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("name", host.name);
        provider.put("hypervisor_type", host.hypervisorType);
        provider.put("domain_type", host.domainType);
        provider.put("state", liveness.isUp(host) ? "up" : "down");
        provider.put("last_heartbeat_at", host.lastHeartbeatAt.toString());
        provider.put("running_instances", host.runningInstances);
        provider.put("inventories", resources(host.vcpus, host.memoryMb, host.diskGb));
        provider.put("usages", resources(host.usedVcpus, host.usedMemoryMb, host.usedDiskGb));
        provider.put("allocations", Allocation.count("host", host.name));
        return provider;
    }

    private static Map<String, Object> resources(long vcpus, long memoryMb, long diskGb) {
        return Map.of("VCPU", vcpus, "MEMORY_MB", memoryMb, "DISK_GB", diskGb);
    }
}
