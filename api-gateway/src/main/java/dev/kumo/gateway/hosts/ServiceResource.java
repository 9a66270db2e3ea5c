package dev.kumo.gateway.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nova's {@code os-services} for admins: one {@code nova-compute} service per host, up or down by its heartbeat;
 * disabling one keeps new instances off its host. A host in maintenance shows as disabled, with the maintenance
 * as its reason. From 2.11 an operator can mark a dead host forced down: it is down at once, and its instances can
 * be evacuated without waiting out the heartbeat silence.
 */
@Path("/compute/v2.1/os-services")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServiceResource {

    static final String COMPUTE = "nova-compute";

    private final HostDirectory hosts;
    private final Caller caller;
    private final RequestedMicroversion version;

    public ServiceResource(HostDirectory hosts, Caller caller, RequestedMicroversion version) {
        this.hosts = hosts;
        this.caller = caller;
        this.version = version;
    }

    @GET
    public Map<String, Object> list(@QueryParam("host") String host, @QueryParam("binary") String binary) {
        caller.requireAdmin("os_compute_api:os-services:list");
        if (binary != null && !COMPUTE.equals(binary)) {
            return Map.of("services", List.of());
        }
        return Map.of("services", hosts.all().stream().filter(found -> host == null || host.equals(found.name()))
                .map(this::view).toList());
    }

    @PUT
    @Path("/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("action") String action, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-services:update");
        if (body == null || !body.isObject()) {
            throw ComputeError.badRequest("The request body must be a JSON object.");
        }
        String host = Fields.requiredString(body, "host", 1, 255);
        String binary = Fields.requiredString(body, "binary", 1, 255);
        if (!COMPUTE.equals(binary)) {
            throw ComputeError.notFound("Service " + binary + " on host " + host + " could not be found.");
        }
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("host", host);
        service.put("binary", binary);
        if ("force-down".equals(action) && version.atLeast(11)) {
            Fields.onlyKnown(body, java.util.Set.of("host", "binary", "forced_down"));
            JsonNode forcedDown = body.get("forced_down");
            if (forcedDown == null || !forcedDown.isBoolean()) {
                throw Fields.invalid("forced_down", forcedDown, "It must be a boolean.");
            }
            service.put("forced_down", hosts.setForcedDown(host, forcedDown.asBoolean()).forcedDown());
            return Map.of("service", service);
        }
        switch (action) {
            case "enable" -> service.put("status", status(hosts.setStatus(host, true, null)));
            case "disable" -> service.put("status", status(hosts.setStatus(host, false, null)));
            case "disable-log-reason" -> {
                String reason = Fields.requiredString(body, "disabled_reason", 1, 255);
                service.put("status", status(hosts.setStatus(host, false, reason)));
                service.put("disabled_reason", reason);
            }
            default -> throw ComputeError.notFound("Unknown action " + action);
        }
        return Map.of("service", service);
    }

    private static String status(ComputeHost host) {
        return host.status();
    }

    private Map<String, Object> view(ComputeHost host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", (int) host.id());
        view.put("binary", COMPUTE);
        view.put("host", host.name());
        view.put("zone", host.availabilityZone());
        view.put("status", status(host));
        view.put("state", host.isUp() ? "up" : "down");
        view.put("updated_at", host.lastHeartbeatAt());
        view.put("disabled_reason", host.statusReason());
        if (version.atLeast(11)) {
            view.put("forced_down", host.forcedDown());
        }
        return view;
    }
}
