package dev.kumo.network.agents;

import dev.kumo.network.errors.NeutronError;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code /v2.0/agents}: Kumo runs no Neutron agents (the compute agent wires ports itself), so the list is empty,
 * as Neutron answers a caller who may see none; the agent extension is not listed.
 */
@Path("/v2.0/agents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    @GET
    public Map<String, Object> list() {
        return Map.of("agents", List.of());
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        throw new NeutronError(404, "AgentNotFound", "Agent " + id + " could not be found.");
    }
}
