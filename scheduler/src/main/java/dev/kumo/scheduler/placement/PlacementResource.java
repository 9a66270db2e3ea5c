package dev.kumo.scheduler.placement;

import dev.kumo.scheduler.hosts.Host;
import dev.kumo.scheduler.hosts.HostLiveness;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.scheduler.api.ApiError;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * View of placement for operators and tests, in the shapes of OpenStack Placement: resource
 * providers (hosts) with inventories and usages, and the allocations of a consumer (instance); operators change a
 * host's reserved amounts and allocation ratios through its inventories.
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
        provider.put("uuid", host.uuid == null ? null : host.uuid.toString());
        provider.put("name", host.name);
        provider.put("generation", host.generation);
        provider.put("architecture", host.architecture);
        provider.put("hypervisor_type", host.hypervisorType);
        provider.put("domain_type", host.domainType);
        provider.put("state", liveness.isUp(host) ? "up" : "down");
        provider.put("last_heartbeat_at", host.lastHeartbeatAt.toString());
        provider.put("running_instances", host.runningInstances);
        provider.put("inventories", inventories(host));
        provider.put("usages", resources(host.usedVcpus, host.usedMemoryMb, host.usedDiskGb));
        provider.put("allocations", Allocation.count("host", host.name));
        return provider;
    }

    /**
     * Changes a host's reserved amount or allocation ratio for one resource class (VCPU, MEMORY_MB, DISK_GB), as
     * Placement's PUT of an inventory. The total is the host's agent's to report: one that differs is refused.
     */
    @PUT
    @Path("/resource_providers/{name}/inventories/{resourceClass}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> updateInventory(@PathParam("name") String name,
            @PathParam("resourceClass") String resourceClass, JsonNode body) {
        Host host = Host.findById(name);
        if (host == null) {
            throw ApiError.notFound("No resource provider with name " + name + " found.");
        }
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.");
        }
        ResourceClass inventory = ResourceClass.of(resourceClass);
        JsonNode total = body.get("total");
        if (total != null && total.asLong(-1) != inventory.total(host)) {
            throw ApiError.badRequest("total of " + resourceClass + " is what the host's agent reports ("
                    + inventory.total(host) + "); only reserved and allocation_ratio can be changed.");
        }
        JsonNode reserved = body.get("reserved");
        if (reserved != null) {
            if (!reserved.canConvertToLong() || !reserved.isIntegralNumber() || reserved.asLong() < 0
                    || reserved.asLong() > inventory.total(host)) {
                throw ApiError.badRequest("reserved must be a whole number from 0 to the total ("
                        + inventory.total(host) + ").");
            }
            inventory.setReserved(host, reserved.asLong());
        }
        JsonNode ratio = body.get("allocation_ratio");
        if (ratio != null) {
            if (!ratio.isNumber() || ratio.asDouble() <= 0) {
                throw ApiError.badRequest("allocation_ratio must be a number greater than 0.");
            }
            inventory.setRatio(host, ratio.asDouble());
        }
        host.generation++;
        return inventories(host).get(inventory.name());
    }

    private static Map<String, Map<String, Object>> inventories(Host host) {
        Map<String, Map<String, Object>> inventories = new LinkedHashMap<>();
        for (ResourceClass inventory : ResourceClass.values()) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("total", inventory.total(host));
            record.put("reserved", inventory.reserved(host));
            record.put("allocation_ratio", inventory.ratio(host));
            record.put("min_unit", 1);
            record.put("max_unit", inventory.total(host));
            record.put("step_size", 1);
            inventories.put(inventory.name(), record);
        }
        return inventories;
    }

    private static Map<String, Object> resources(long vcpus, long memoryMb, long diskGb) {
        return Map.of("VCPU", vcpus, "MEMORY_MB", memoryMb, "DISK_GB", diskGb);
    }
}
