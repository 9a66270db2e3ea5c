package dev.kumo.gateway.hosts;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.Fields;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Nova's {@code os-hosts} (deprecated at 2.43) for admins: the compute hosts and what each offers and uses. */
@Path("/compute/v2.1/os-hosts")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class HostResource {

    private static final Set<String> TOGGLES = Set.of("enable", "disable", "Enable", "Disable", "ENABLE", "DISABLE");

    private final HostDirectory hosts;
    private final Caller caller;

    public HostResource(HostDirectory hosts, Caller caller) {
        this.hosts = hosts;
        this.caller = caller;
    }

    /** Every compute host, or those of one availability zone (a blank zone means all, as in Nova). */
    @GET
    public Map<String, Object> list(@jakarta.ws.rs.QueryParam("zone") String zone) {
        caller.requireAdmin("os_compute_api:os-hosts:list");
        return Map.of("hosts", hosts.all().stream()
                .filter(host -> zone == null || zone.isEmpty() || zone.equals(host.availabilityZone()))
                .map(host -> Map.of("host_name", host.name(), "service", "compute", "zone", host.availabilityZone()))
                .toList());
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> show(@PathParam("name") String name) {
        caller.requireAdmin("os_compute_api:os-hosts:show");
        ComputeHost host = existing(name);
        return Map.of("host", List.of(
                usage(host, "(total)", host.vcpus(), host.memoryMb(), host.diskGb()),
                usage(host, "(used_now)", host.usedVcpus(), host.usedMemoryMb(), host.usedDiskGb()),
                usage(host, "(used_max)", host.usedVcpus(), host.usedMemoryMb(), host.usedDiskGb())));
    }

    /**
     * Enables or disables the host's compute service ({@code status}) and puts it into or out of maintenance
     * ({@code maintenance_mode}: the scheduler places nothing new there, forced builds included; its instances stay).
     * Answers as Nova does: the host with what changed, {@code enabled}/{@code disabled} and
     * {@code on_maintenance}/{@code off_maintenance}.
     */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("name") String name, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-hosts:update");
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw ComputeError.badRequest("'status' or 'maintenance_mode' is needed for a host update.");
        }
        Fields.onlyKnown(body, Set.of("status", "maintenance_mode"));
        String status = toggle(body, "status");
        String maintenance = toggle(body, "maintenance_mode");
        if (status == null && maintenance == null) {
            throw ComputeError.badRequest("'status' or 'maintenance_mode' is needed for a host update.");
        }
        existing(name);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("host", name);
        if (status != null) {
            ComputeHost host = hosts.setStatus(name, "enable".equals(status), "enable".equals(status) ? null
                    : "disabled through os-hosts");
            answer.put("status", host.enabled() ? "enabled" : "disabled");
        }
        if (maintenance != null) {
            ComputeHost host = hosts.setMaintenance(name, "enable".equals(maintenance),
                    "enable".equals(maintenance) ? "maintenance mode set through os-hosts" : null);
            answer.put("maintenance_mode", host.maintenance() ? "on_maintenance" : "off_maintenance");
        }
        return answer;
    }

    /** Power actions on a physical host: Kumo does not power hosts on or off (Nova's libvirt driver neither). */
    @GET
    @Path("/{name}/{action: startup|shutdown|reboot}")
    public Map<String, Object> power(@PathParam("name") String name, @PathParam("action") String action) {
        caller.requireAdmin("os_compute_api:os-hosts:" + action);
        existing(name);
        throw new ComputeError(501, "Host power action " + action + " is not implemented: Kumo does not power"
                + " hosts on or off.");
    }

    private ComputeHost existing(String name) {
        return hosts.named(name)
                .orElseThrow(() -> ComputeError.notFound("Compute host " + name + " could not be found."));
    }

    /** Nova's schema: enable or disable, in lower, capitalized or upper case; absent is null; else a 400. */
    private static String toggle(JsonNode body, String field) {
        if (!body.has(field)) {
            return null;
        }
        if (!body.get(field).isTextual()) {
            throw Fields.invalid(field, body.get(field), body.get(field) + " is not of type 'string'.");
        }
        String value = body.get(field).asText();
        if (!TOGGLES.contains(value)) {
            throw Fields.invalid(field, value, "'" + value + "' is not one of ['enable', 'disable', 'Enable',"
                    + " 'Disable', 'ENABLE', 'DISABLE'].");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> usage(ComputeHost host, String project, long cpu, long memoryMb, long diskGb) {
        return Map.of("resource", Map.of("host", host.name(), "project", project, "cpu", cpu, "memory_mb", memoryMb,
                "disk_gb", diskGb));
    }
}
