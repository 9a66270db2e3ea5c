package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Server tags (microversion 2.26 and later): up to 50 short strings without commas or slashes. */
@Path("/compute/v2.1/servers/{id}/tags")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerTagResource {

    private static final int MAX_TAGS = 50;
    private static final int MAX_LENGTH = 60;

    private final Caller caller;
    private final RequestedMicroversion version;

    @Context
    UriInfo uri;

    public ServerTagResource(Caller caller, RequestedMicroversion version) {
        this.caller = caller;
        this.version = version;
    }

    @GET
    @Transactional
    public Map<String, Object> list(@PathParam("id") String id) {
        return Map.of("tags", List.copyOf(readable(id).tags));
    }

    @GET
    @Path("/{tag}")
    @Transactional
    public Response check(@PathParam("id") String id, @PathParam("tag") String tag) {
        if (!readable(id).tags.contains(tag)) {
            throw notFound(id, tag);
        }
        return Response.noContent().build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> replace(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject() || !body.has("tags") || !body.get("tags").isArray()) {
            throw ComputeError.badRequest("Invalid input for field/attribute tags. 'tags' is a required list.");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode tag : body.get("tags")) {
            tags.add(valid(Fields.string("tags", tag, 1, MAX_LENGTH)));
        }
        if (tags.size() > MAX_TAGS) {
            throw ComputeError.badRequest("The number of tags exceeded the per-server limit " + MAX_TAGS);
        }
        Instance instance = changeable(id);
        instance.tags.clear();
        instance.tags.addAll(tags);
        instance.updatedAt = Instant.now();
        return Map.of("tags", List.copyOf(instance.tags));
    }

    @PUT
    @Path("/{tag}")
    @Transactional
    public Response add(@PathParam("id") String id, @PathParam("tag") String tag) {
        valid(tag);
        Instance instance = changeable(id);
        if (instance.tags.contains(tag)) {
            return Response.noContent().build();
        }
        if (instance.tags.size() >= MAX_TAGS) {
            throw ComputeError.badRequest("The number of tags exceeded the per-server limit " + MAX_TAGS);
        }
        instance.tags.add(tag);
        instance.updatedAt = Instant.now();
        return Response.created(URI.create(uri.getRequestUri().toString())).build();
    }

    @DELETE
    @Transactional
    public Response clear(@PathParam("id") String id) {
        Instance instance = changeable(id);
        instance.tags.clear();
        instance.updatedAt = Instant.now();
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{tag}")
    @Transactional
    public Response delete(@PathParam("id") String id, @PathParam("tag") String tag) {
        Instance instance = changeable(id);
        if (!instance.tags.remove(tag)) {
            throw notFound(id, tag);
        }
        instance.updatedAt = Instant.now();
        return Response.noContent().build();
    }

    private Instance readable(String id) {
        requireTags();
        return Servers.visibleTo(ServerResource.parseId(id), caller);
    }

    private Instance changeable(String id) {
        requireTags();
        caller.requireChange("os_compute_api:os-server-tags:update");
        Instance instance = Servers.lockedFor(ServerResource.parseId(id), caller);
        Locks.check(instance, caller);
        if (instance.isBuilding()) {
            throw ServerActions.conflict("update tags", instance, "vm_state " + instance.vmState);
        }
        return instance;
    }

    /** Tags came with microversion 2.26: before it the resource does not exist. */
    private void requireTags() {
        if (!version.atLeast(26)) {
            throw ComputeError.notFound("The resource could not be found.");
        }
    }

    private static String valid(String tag) {
        if (tag.isEmpty() || tag.length() > MAX_LENGTH || tag.contains(",") || tag.contains("/")) {
            throw Fields.invalid("tag", tag, "Tags are 1 to " + MAX_LENGTH + " characters without ',' or '/'.");
        }
        return tag;
    }

    private static ComputeError notFound(String id, String tag) {
        return ComputeError.notFound("Tag " + tag + " could not be found for instance " + id + ".");
    }
}
