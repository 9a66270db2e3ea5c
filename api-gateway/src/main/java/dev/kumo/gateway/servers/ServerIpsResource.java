package dev.kumo.gateway.servers;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** A server's addresses by network ({@code /servers/{id}/ips}), from the ports its host reported. */
@Path("/compute/v2.1/servers/{id}/ips")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerIpsResource {

    private final Caller caller;

    public ServerIpsResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Transactional
    public Map<String, Object> list(@PathParam("id") String id) {
        return Map.of("addresses", Addresses.of(visible(id), false));
    }

    @GET
    @Path("/{network}")
    @Transactional
    public Map<String, Object> ofNetwork(@PathParam("id") String id, @PathParam("network") String network) {
        Map<String, List<Map<String, Object>>> addresses = Addresses.of(visible(id), false);
        if (!addresses.containsKey(network)) {
            throw ComputeError.notFound("Instance is not a member of specified network");
        }
        return Map.of(network, addresses.get(network));
    }

    private Instance visible(String id) {
        return Servers.visibleTo(ServerResource.parseId(id), caller);
    }
}
