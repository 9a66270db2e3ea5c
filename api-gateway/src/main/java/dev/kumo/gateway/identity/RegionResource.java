package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Keystone's regions: Kumo's own ({@code kumo.region}), built in, and those admins add (see {@link Catalog}). */
@Path("/identity/v3/regions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RegionResource {

    private final Caller caller;
    private final Catalog catalog;
    private final String builtIn;

    @Context
    UriInfo uri;

    public RegionResource(Caller caller, Catalog catalog, @ConfigProperty(name = "kumo.region") String region) {
        this.caller = caller;
        this.catalog = catalog;
        this.builtIn = region;
    }

    @GET
    public Map<String, Object> list(@QueryParam("parent_region_id") String parentId) {
        List<Catalog.Region> regions = new ArrayList<>();
        regions.add(new Catalog.Region(builtIn, "", null));
        regions.addAll(catalog.regions());
        return Map.of("regions", regions.stream()
                .filter(region -> parentId == null || parentId.equals(region.parentRegionId()))
                .map(this::body).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        JsonNode region = KeystoneRequest.object(body, "region");
        String id = KeystoneRequest.text(region, "id");
        return create(id == null ? Catalog.newId() : id, region);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createWithId(@PathParam("id") String id, JsonNode body) {
        return create(id, KeystoneRequest.object(body, "region"));
    }

    private Response create(String id, JsonNode region) {
        requireAdmin("identity:create_region");
        if (id.equals(builtIn) || catalog.region(id).isPresent()) {
            throw new IdentityError(409, "Conflict occurred attempting to store region - Duplicate ID, " + id + ".");
        }
        String parentId = requireParent(KeystoneRequest.text(region, "parent_region_id"));
        String description = KeystoneRequest.text(region, "description");
        Catalog.Region created = new Catalog.Region(id, description == null ? "" : description, parentId);
        catalog.save(created, true);
        return Response.status(201).entity(Map.of("region", body(created))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("region", body(require(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        requireAdmin("identity:update_region");
        JsonNode changes = KeystoneRequest.object(body, "region");
        Catalog.Region region = requireStored(id);
        String parentId = changes.has("parent_region_id")
                ? requireParent(KeystoneRequest.text(changes, "parent_region_id")) : region.parentRegionId();
        if (id.equals(parentId)) {
            throw IdentityError.badRequest("Invalid input for field 'parent_region_id': a region cannot be its own"
                    + " parent.");
        }
        String description = changes.has("description") ? KeystoneRequest.text(changes, "description")
                : region.description();
        Catalog.Region updated = new Catalog.Region(id, description == null ? "" : description, parentId);
        catalog.save(updated, false);
        return Map.of("region", body(updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        requireAdmin("identity:delete_region");
        requireStored(id);
        if (catalog.hasChildren(id)) {
            throw IdentityError.forbidden("identity:delete_region (the region has child regions or endpoints)");
        }
        catalog.deleteRegion(id);
        return Response.noContent().build();
    }

    private String requireParent(String parentId) {
        if (parentId != null && !parentId.equals(builtIn) && catalog.region(parentId).isEmpty()) {
            throw IdentityError.badRequest("Invalid input for field 'parent_region_id': no region " + parentId + ".");
        }
        return parentId;
    }

    private Catalog.Region require(String id) {
        if (id.equals(builtIn)) {
            return new Catalog.Region(builtIn, "", null);
        }
        return catalog.region(id).orElseThrow(() -> IdentityError.notFound("Could not find region: " + id + "."));
    }

    private Catalog.Region requireStored(String id) {
        if (id.equals(builtIn)) {
            throw IdentityError.forbidden("identity:update_region (the region " + id + " is built in)");
        }
        return require(id);
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    private Map<String, Object> body(Catalog.Region region) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", region.id());
        body.put("description", region.description());
        body.put("parent_region_id", region.parentRegionId());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/regions/" + region.id()));
        return body;
    }
}
