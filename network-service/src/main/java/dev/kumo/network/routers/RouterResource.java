package dev.kumo.network.routers;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.api.Listing;
import dev.kumo.network.api.Timestamps;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.quotas.Quotas;
import dev.kumo.network.tags.Tags;
import io.quarkus.security.Authenticated;
import dev.kumo.network.tags.TagResource;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /v2.0/routers}, with {@code add_router_interface} and {@code remove_router_interface}. */
@Path("/v2.0/routers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RouterResource {

    private static final Set<String> CREATABLE = Set.of("name", "description", "admin_state_up",
            "external_gateway_info", "tenant_id", "project_id", "availability_zone_hints", "routes");
    private static final Set<String> UPDATABLE = Set.of("name", "description", "admin_state_up", "external_gateway_info",
            "routes");

    private final Caller caller;
    private final RouterAccess access;
    private final RouterGateway gateway;
    private final RouterInterfaces interfaces;
    private final Quotas quotas;
    private final Tags tags;
    private final RouterUpdates updates;
    private final Clock clock;

    @Context
    UriInfo uri;

    @Inject
    TagResource tagResource;

    public RouterResource(Caller caller, RouterAccess access, RouterGateway gateway, RouterInterfaces interfaces,
            Quotas quotas, Tags tags, RouterUpdates updates, Clock clock) {
        this.caller = caller;
        this.access = access;
        this.gateway = gateway;
        this.interfaces = interfaces;
        this.quotas = quotas;
        this.tags = tags;
        this.updates = updates;
        this.clock = clock;
    }

    @GET
    @Transactional
    public Map<String, Object> list() {
        return Listing.render("routers", access.visibleRouters().stream().map(this::view).toList(), uri);
    }

    @GET
    @Path("{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("router", Listing.fields(view(access.visible(id)), uri));
    }

    @POST
    @Transactional
    public Response create(Map<String, Object> body) {
        caller.requireChange("create_router");
        Attributes request = Attributes.single(body, "router").allowOnly(CREATABLE);
        String projectId = request.owner(caller);
        quotas.claim(projectId, "router", 1);
        Instant now = Instant.now(clock);
        Router router = new Router();
        router.id = UUID.randomUUID();
        router.projectId = projectId;
        router.name = request.string("name", "");
        router.description = request.string("description", "");
        router.adminStateUp = request.bool("admin_state_up", true);
        router.status = "ACTIVE";
        router.enableSnat = true;
        router.createdAt = now;
        router.updatedAt = now;
        router.persist();
        if (request.raw("external_gateway_info") != null) {
            gateway.set(router, request.raw("external_gateway_info"));
        }
        if (request.raw("routes") != null) {
            router.routes = RouterRoutes.validate(router, request.list("routes"));
        }
        return Response.status(201).entity(Map.of("router", view(router))).build();
    }

    @PUT
    @Path("{id}")
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        Router router = access.owned(id, "update_router");
        Attributes changes = Attributes.single(body, "router")
                .readOnly("id", "tenant_id", "project_id", "status").allowOnly(UPDATABLE);
        router.name = changes.string("name", router.name);
        router.description = changes.string("description", router.description);
        router.adminStateUp = changes.bool("admin_state_up", router.adminStateUp);
        if (changes.has("external_gateway_info")) {
            gateway.set(router, changes.raw("external_gateway_info"));
        }
        if (changes.has("routes")) {
            List<Object> routes = changes.list("routes");
            router.routes = RouterRoutes.validate(router, routes == null ? List.of() : routes);
        }
        router.touch(Instant.now(clock));
        updates.routerChanged(router.id);
        return Map.of("router", view(router));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        Router router = access.owned(id, "delete_router");
        if (!RouterInterfaces.interfaces(router).isEmpty()) {
            throw NeutronError.inUse("RouterInUse", "Router " + router.id + " still has ports");
        }
        gateway.clear(router);
        updates.routerDeleted(router.id);
        tags.removeAll(router.id);
        router.delete();
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/add_router_interface")
    @Transactional
    public Map<String, Object> addInterface(@PathParam("id") String id, Map<String, Object> body) {
        Router router = access.owned(id, "add_router_interface");
        Map<String, Object> added = interfaces.add(router, body);
        updates.routerChanged(router.id);
        return added;
    }

    @PUT
    @Path("{id}/remove_router_interface")
    @Transactional
    public Map<String, Object> removeInterface(@PathParam("id") String id, Map<String, Object> body) {
        Router router = access.owned(id, "remove_router_interface");
        Map<String, Object> removed = interfaces.remove(router, body);
        updates.routerChanged(router.id);
        return removed;
    }

    private Map<String, Object> view(Router router) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", router.id.toString());
        view.put("name", router.name);
        view.put("tenant_id", router.projectId);
        view.put("project_id", router.projectId);
        view.put("admin_state_up", router.adminStateUp);
        view.put("status", router.status);
        view.put("external_gateway_info", RouterGateway.info(router));
        view.put("routes", router.routes);
        view.put("availability_zone_hints", List.of());
        view.put("availability_zones", List.of("nova"));
        view.put("description", router.description);
        view.put("tags", tags.of(router.id));
        view.put("created_at", Timestamps.format(router.createdAt));
        view.put("updated_at", Timestamps.format(router.updatedAt));
        view.put("revision_number", router.revisionNumber);
        return view;
    }

    /** {@code {id}/tags}: the tags of this resource. */
    @Path("{id}/tags")
    public TagResource tags() {
        return tagResource;
    }
}
