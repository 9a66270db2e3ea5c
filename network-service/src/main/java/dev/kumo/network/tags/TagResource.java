package dev.kumo.network.tags;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.floatingips.FloatingIp;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.networks.NetworkAccess;
import dev.kumo.network.ports.PortAccess;
import dev.kumo.network.routers.RouterAccess;
import dev.kumo.network.securitygroups.SecurityGroupAccess;
import dev.kumo.network.subnets.SubnetAccess;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /v2.0/{resource}/{id}/tags} (standard-attr-tag): read, replace and clear a resource's tags, and add,
 * check or remove one; each taggable resource hands its {@code {id}/tags} here. Who may see the resource may read its tags; who may change it may change them.
 */
@RequestScoped
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TagResource {

    private static final int MAX_LENGTH = 60;

    private final Caller caller;
    private final Tags tags;
    private final NetworkAccess networks;
    private final SubnetAccess subnets;
    private final PortAccess ports;
    private final RouterAccess routers;
    private final SecurityGroupAccess securityGroups;

    @Context
    UriInfo uri;

    public TagResource(Caller caller, Tags tags, NetworkAccess networks, SubnetAccess subnets, PortAccess ports,
            RouterAccess routers, SecurityGroupAccess securityGroups) {
        this.caller = caller;
        this.tags = tags;
        this.networks = networks;
        this.subnets = subnets;
        this.ports = ports;
        this.routers = routers;
        this.securityGroups = securityGroups;
    }

    @GET
    @Transactional
    public Map<String, Object> list(@PathParam("id") String id) {
        return Map.of("tags", tags.of(resource(collection(), id, false)));
    }

    @PUT
    @Transactional
    public Map<String, Object> replace(@PathParam("id") String id,
            Map<String, Object> body) {
        UUID resource = resource(collection(), id, true);
        if (body == null || !(body.get("tags") instanceof List<?> requested)) {
            throw NeutronError.badRequest("Invalid tags body: {\"tags\": [...]} required.");
        }
        Set<String> replacement = new LinkedHashSet<>();
        for (Object tag : requested) {
            replacement.add(valid(tag));
        }
        tags.removeAll(resource);
        replacement.forEach(tag -> tags.add(resource, tag));
        return Map.of("tags", tags.of(resource));
    }

    @DELETE
    @Transactional
    public Response clear(@PathParam("id") String id) {
        tags.removeAll(resource(collection(), id, true));
        return Response.noContent().build();
    }

    @GET
    @Path("{tag}")
    @Transactional
    public Response check(@PathParam("id") String id,
            @PathParam("tag") String tag) {
        if (!tags.of(resource(collection(), id, false)).contains(tag)) {
            throw tagNotFound(tag, id);
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("{tag}")
    @Transactional
    public Response add(@PathParam("id") String id,
            @PathParam("tag") String tag) {
        tags.add(resource(collection(), id, true), valid(tag));
        return Response.status(201).build();
    }

    @DELETE
    @Path("{tag}")
    @Transactional
    public Response remove(@PathParam("id") String id,
            @PathParam("tag") String tag) {
        if (!tags.remove(resource(collection(), id, true), tag)) {
            throw tagNotFound(tag, id);
        }
        return Response.noContent().build();
    }

    /** The collection in the path: {@code /v2.0/<collection>/<id>/tags}. */
    private String collection() {
        List<PathSegment> segments = uri.getPathSegments();
        for (int i = 0; i < segments.size() - 1; i++) {
            if (segments.get(i).getPath().equals("v2.0")) {
                return segments.get(i + 1).getPath();
            }
        }
        return "";
    }

    /** The tagged resource's id, once the caller may see (or, to change tags, change) it. */
    private UUID resource(String collection, String id, boolean change) {
        if (change) {
            caller.requireChange("update_" + collection);
        }
        return switch (collection) {
            case "networks" -> change ? networks.owned(id, "update_network").id : networks.visible(id).id;
            case "subnets" -> change ? subnets.owned(id, "update_subnet").id : subnets.visible(id).id;
            case "ports" -> ports.visible(id).id;
            case "routers" -> routers.visible(id).id;
            case "security-groups" -> securityGroups.visible(id).id;
            case "floatingips" -> floatingIp(id);
            default -> throw new NeutronError(404, "HTTPNotFound", "The resource could not be found.");
        };
    }

    private UUID floatingIp(String id) {
        FloatingIp floatingIp = FloatingIp.findById(Ids.inPath("Floating IP", id));
        if (floatingIp == null || !caller.owns(floatingIp.projectId)) {
            throw new NeutronError(404, "FloatingIPNotFound", "Floating IP " + id + " could not be found");
        }
        return floatingIp.id;
    }

    private static String valid(Object tag) {
        if (!(tag instanceof String text) || text.isEmpty() || text.length() > MAX_LENGTH || text.contains(",")) {
            throw NeutronError.invalidInput("tags", "'" + tag + "' is not a valid tag: 1 to " + MAX_LENGTH
                    + " characters, no comma");
        }
        return text;
    }

    private static NeutronError tagNotFound(String tag, String id) {
        return new NeutronError(404, "TagNotFound", "Tag " + tag + " could not be found for resource " + id + ".");
    }
}
