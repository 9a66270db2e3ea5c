package dev.kumo.scheduler.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.scheduler.aggregates.Zones;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compute hosts for the control plane (the gateway's os-hypervisors, os-services and console output):
 * capacity, usage, liveness, service status (enabled, maintenance), availability zone and the agent's address. Internal: not routed to tenants.
 */
@Path("/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    private final HostLiveness liveness;
    private final Zones zones;

    public HostResource(HostLiveness liveness, Zones zones) {
        this.liveness = liveness;
        this.zones = zones;
    }

    @GET
    public Map<String, Object> list() {
        Map<String, String> zoned = zones.zonedHosts();
        List<Map<String, Object>> hosts = Host.<Host>list("order by id").stream()
                .map(host -> view(host, zoned.getOrDefault(host.name, zones.defaultZone()))).toList();
        return Map.of("hosts", hosts);
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> show(@PathParam("name") String name) {
        return Map.of("host", view(found(name)));
    }

    /**
     * Changes what the body names of a host's status: {@code enabled} (a disabled host keeps its instances but takes
     * no new ones, except builds an admin forces onto it) with a {@code disabled_reason}, and {@code maintenance}
     * (no new instances at all, forced or not) with a {@code maintenance_reason}, and {@code forced_down} (the
     * operator knows the host is dead: down at once, so its instances can be evacuated).
     */
    @PUT
    @Path("/{name}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> setStatus(@PathParam("name") String name, JsonNode status) {
        Host host = found(name);
        if (status.has("enabled")) {
            host.enabled = status.path("enabled").asBoolean(true);
            host.disabledReason = host.enabled ? null : text(status, "disabled_reason");
        }
        if (status.has("forced_down")) {
            host.forcedDown = status.path("forced_down").asBoolean(false);
        }
        if (status.has("maintenance")) {
            host.maintenance = status.path("maintenance").asBoolean(false);
            host.maintenanceReason = host.maintenance ? text(status, "maintenance_reason") : null;
        }
        return Map.of("host", view(host));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Host found(String name) {
        Host host = Host.findById(name);
        if (host == null) {
            throw new NotFoundException("no host " + name);
        }
        return host;
    }

    private Map<String, Object> view(Host host) {
        return view(host, zones.zoneOf(host.name));
    }

    private Map<String, Object> view(Host host, String zone) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", host.id);
        view.put("name", host.name);
        view.put("hypervisor_type", host.hypervisorType);
        view.put("domain_type", host.domainType);
        view.put("state", liveness.isUp(host) ? "up" : "down");
        view.put("forced_down", host.forcedDown);
        view.put("enabled", host.enabled);
        view.put("disabled_reason", host.disabledReason);
        view.put("availability_zone", zone);
        view.put("maintenance", host.maintenance);
        view.put("maintenance_reason", host.maintenanceReason);
        view.put("vcpus", host.vcpus);
        view.put("used_vcpus", host.usedVcpus);
        view.put("memory_mb", host.memoryMb);
        view.put("used_memory_mb", host.usedMemoryMb);
        view.put("disk_gb", host.diskGb);
        view.put("used_disk_gb", host.usedDiskGb);
        view.put("running_instances", host.runningInstances);
        view.put("agent_url", host.agentUrl);
        view.put("last_heartbeat_at", host.lastHeartbeatAt == null ? null : host.lastHeartbeatAt.toString());
        return view;
    }
}
