package dev.kumo.scheduler.hosts;

import com.fasterxml.jackson.databind.JsonNode;
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
 * capacity, usage, liveness, service status and the agent's address. Internal: not routed to tenants.
 */
@Path("/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    private final HostLiveness liveness;

    public HostResource(HostLiveness liveness) {
        this.liveness = liveness;
    }

    @GET
    public Map<String, Object> list() {
        List<Map<String, Object>> hosts = Host.<Host>list("order by id").stream().map(this::view).toList();
        return Map.of("hosts", hosts);
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> show(@PathParam("name") String name) {
        return Map.of("host", view(found(name)));
    }

    /** Enables or disables a host: a disabled one keeps its instances but takes no new ones. */
    @PUT
    @Path("/{name}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> setStatus(@PathParam("name") String name, JsonNode status) {
        Host host = found(name);
        host.enabled = status.path("enabled").asBoolean(true);
        JsonNode reason = status.get("disabled_reason");
        host.disabledReason = host.enabled || reason == null || reason.isNull() ? null : reason.asText();
        return Map.of("host", view(host));
    }

    private static Host found(String name) {
        Host host = Host.findById(name);
        if (host == null) {
            throw new NotFoundException("no host " + name);
        }
        return host;
    }

    private Map<String, Object> view(Host host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", host.id);
        view.put("name", host.name);
        view.put("hypervisor_type", host.hypervisorType);
        view.put("domain_type", host.domainType);
        view.put("state", liveness.isUp(host) ? "up" : "down");
        view.put("enabled", host.enabled);
        view.put("disabled_reason", host.disabledReason);
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
