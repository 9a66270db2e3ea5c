package dev.kumo.agent.console;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.Diagnostics;
import dev.kumo.agent.hypervisor.HypervisorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What libvirt measures of an instance's domain on one of this agent's hosts, for the gateway's server diagnostics
 * (Nova's libvirt format before 2.48: {@code cpuN_time} in ns, {@code memory} and {@code memory-actual} in KiB).
 */
@Path("/agent/instances/{id}/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    private final Fleet fleet;

    public DiagnosticsResource(Fleet fleet) {
        this.fleet = fleet;
    }

    @GET
    public Response diagnostics(@PathParam("id") String id) {
        Optional<UUID> instanceId = ConsoleResource.parse(id);
        Optional<Host> host = instanceId.flatMap(fleet::holding);
        if (host.isEmpty()) {
            return ConsoleResource.error(Response.Status.NOT_FOUND, "itemNotFound",
                    "Instance " + id + " is not on this agent's hosts.");
        }
        try {
            return Response.ok(view(host.get().hypervisor().diagnostics(instanceId.get()))).build();
        } catch (HypervisorException e) {
            return ConsoleResource.error(Response.Status.CONFLICT, "conflictingRequest", e.getMessage());
        }
    }

    private static Map<String, Object> view(Diagnostics diagnostics) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (int i = 0; i < diagnostics.vcpuTimesNs().size(); i++) {
            view.put("cpu" + i + "_time", diagnostics.vcpuTimesNs().get(i));
        }
        view.put("memory", diagnostics.maxMemoryKib());
        view.put("memory-actual", diagnostics.memoryKib());
        return view;
    }
}
