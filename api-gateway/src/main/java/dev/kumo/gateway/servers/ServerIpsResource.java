package dev.kumo.gateway.servers;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * A server's addresses by network ({@code /servers/{id}/ips}). Kumo has no tenant networks yet, so every server
 * has none; the network service will fill them in.
 */
@Path("/compute/v2.1/servers/{id}/ips")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerIpsResource {

    private final Caller caller;

    public ServerIpsResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, Object> list(@PathParam("id") String id) {
        visible(id);
        return Map.of("addresses", Map.of());
    }

    @GET
    @Path("/{network}")
    public Map<String, Object> ofNetwork(@PathParam("id") String id, @PathParam("network") String network) {
        visible(id);
        throw ComputeError.notFound("Instance is not a member of specified network");
    }

    private void visible(String id) {
        Servers.visibleTo(ServerResource.parseId(id), caller);
    }
}
