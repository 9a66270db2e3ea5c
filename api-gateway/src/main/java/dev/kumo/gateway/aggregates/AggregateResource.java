package dev.kumo.gateway.aggregates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Nova's {@code os-aggregates} for admins: host aggregates and the availability zones their metadata makes. The
 * scheduler keeps them, checks the bodies and answers in Nova's shapes; this adds the policy, the microversion's
 * fields and Nova's error shape.
 */
@Path("/compute/v2.1/os-aggregates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class AggregateResource {

    private final AggregateDirectory aggregates;
    private final Caller caller;
    private final RequestedMicroversion version;

    public AggregateResource(AggregateDirectory aggregates, Caller caller, RequestedMicroversion version) {
        this.aggregates = aggregates;
        this.caller = caller;
        this.version = version;
    }

    @GET
    public JsonNode list() {
        caller.requireAdmin("os_compute_api:os-aggregates:index");
        JsonNode list = aggregates.call("GET", "", null);
        list.path("aggregates").forEach(this::forVersion);
        return list;
    }

    @POST
    public JsonNode create(JsonNode body) {
        caller.requireAdmin("os_compute_api:os-aggregates:create");
        JsonNode created = aggregates.call("POST", "", body);
        // As Nova: a new aggregate is shown without its (empty) hosts and metadata.
        ((ObjectNode) forVersion(created.path("aggregate"))).remove(java.util.List.of("hosts", "metadata"));
        return created;
    }

    @GET
    @Path("/{id}")
    public JsonNode show(@PathParam("id") String id) {
        caller.requireAdmin("os_compute_api:os-aggregates:show");
        return one(aggregates.call("GET", "/" + id, null));
    }

    @PUT
    @Path("/{id}")
    public JsonNode update(@PathParam("id") String id, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-aggregates:update");
        return one(aggregates.call("PUT", "/" + id, body));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin("os_compute_api:os-aggregates:delete");
        aggregates.call("DELETE", "/" + id, null);
        return Response.ok().build();
    }

    /** add_host, remove_host or set_metadata, each with Nova's policy name. */
    @POST
    @Path("/{id}/action")
    public JsonNode act(@PathParam("id") String id, JsonNode body) {
        String action = body != null && body.isObject() && body.size() == 1 ? body.fieldNames().next() : null;
        if (action == null) {
            caller.requireAdmin("os_compute_api:os-aggregates:index");
            throw ComputeError.badRequest("The action body takes exactly one of add_host, remove_host,"
                    + " set_metadata.");
        }
        caller.requireAdmin("os_compute_api:os-aggregates:" + action);
        return one(aggregates.call("POST", "/" + id + "/action", body));
    }

    private JsonNode one(JsonNode answer) {
        forVersion(answer.path("aggregate"));
        return answer;
    }

    /** The aggregate's uuid came with microversion 2.41. */
    private JsonNode forVersion(JsonNode aggregate) {
        if (!version.atLeast(41) && aggregate instanceof ObjectNode object) {
            object.remove("uuid");
        }
        return aggregate;
    }
}
