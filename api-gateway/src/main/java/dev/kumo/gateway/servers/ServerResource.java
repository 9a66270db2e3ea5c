package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Nova's servers: create, list, show and delete. */
@Path("/compute/v2.1/servers")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Servers servers;
    private final Caller caller;

    @Context
    UriInfo uri;

    public ServerResource(Servers servers, Caller caller) {
        this.servers = servers;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        caller.requireChange("os_compute_api:servers:create");
        CreateServerRequest request = CreateServerRequest.from(body);
        Instance instance = servers.create(request, caller);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("id", instance.id.toString());
        server.put("links", ServerView.summary(instance, uri).get("links"));
        server.put("OS-DCF:diskConfig", "MANUAL");
        server.put("security_groups", List.of(Map.of("name", "default")));
        server.put("adminPass", adminPass());
        return Response.accepted(Map.of("server", server))
                .location(URI.create(uri.getBaseUri() + "compute/v2.1/servers/" + instance.id))
                .build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("all_tenants") String allTenants) {
        return Map.of("servers", visible(allTenants).stream().map(i -> ServerView.summary(i, uri)).toList());
    }

    @GET
    @Path("/detail")
    public Map<String, Object> detail(@QueryParam("all_tenants") String allTenants) {
        return Map.of("servers", visible(allTenants).stream()
                .map(i -> ServerView.detail(i, uri, caller.isAdmin())).toList());
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        UUID instanceId = parseId(id);
        Instance instance = Instance.visible(instanceId, caller.isAdmin() ? null : caller.projectId())
                .orElseThrow(() -> Servers.notFound(instanceId));
        return Map.of("server", ServerView.detail(instance, uri, caller.isAdmin()));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        caller.requireChange("os_compute_api:servers:delete");
        servers.delete(parseId(id), caller);
        return Response.noContent().build();
    }

    private List<Instance> visible(String allTenants) {
        boolean everyProject = caller.isAdmin() && allTenants != null && !"0".equals(allTenants)
                && !"false".equalsIgnoreCase(allTenants);
        return Instance.live(everyProject ? null : caller.projectId());
    }

    /** Ids that are not UUIDs name no instance: 404, like Nova. */
    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ComputeError.notFound("Instance " + id + " could not be found.");
        }
    }

    private static String adminPass() {
        StringBuilder password = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            password.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
        }
        return password.toString();
    }
}
