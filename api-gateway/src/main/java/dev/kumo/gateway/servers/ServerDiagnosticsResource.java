package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /servers/{id}/diagnostics} for admins: what libvirt measures of the instance's domain, in the libvirt
 * driver's format Nova answers with before 2.48 ({@code cpuN_time}, {@code memory}, {@code memory-actual}).
 */
@Path("/compute/v2.1/servers/{id}/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerDiagnosticsResource {

    private final InstanceAgent agent;
    private final Caller caller;

    public ServerDiagnosticsResource(InstanceAgent agent, Caller caller) {
        this.agent = agent;
        this.caller = caller;
    }

    @GET
    public JsonNode diagnostics(@PathParam("id") String id) {
        caller.requireAdmin("os_compute_api:os-server-diagnostics");
        return agent.read(ServerResource.parseId(id), "diagnostics", caller);
    }
}
