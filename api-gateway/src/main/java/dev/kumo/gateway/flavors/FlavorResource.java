package dev.kumo.gateway.flavors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.Links;
import dev.kumo.gateway.compute.Paging;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Nova's flavors: everyone lists and shows them; admins create, delete and share private ones. */
@Path("/compute/v2.1/flavors")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class FlavorResource {

    private static final Set<String> CREATE_KEYS = Set.of("name", "id", "ram", "vcpus", "disk",
            "OS-FLV-EXT-DATA:ephemeral", "swap", "rxtx_factor", "os-flavor-access:is_public");

    private final Caller caller;

    @Context
    UriInfo uri;

    public FlavorResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, Object> list(@QueryParam("is_public") String isPublic, @QueryParam("minRam") String minRam,
            @QueryParam("minDisk") String minDisk, @QueryParam("limit") String limit,
            @QueryParam("marker") String marker) {
        return page(isPublic, minRam, minDisk, limit, marker, flavor -> Map.of("id", flavor.id, "name", flavor.name,
                "links", Links.of(uri, "flavors", flavor.id)));
    }

    @GET
    @Path("/detail")
    public Map<String, Object> detail(@QueryParam("is_public") String isPublic, @QueryParam("minRam") String minRam,
            @QueryParam("minDisk") String minDisk, @QueryParam("limit") String limit,
            @QueryParam("marker") String marker) {
        return page(isPublic, minRam, minDisk, limit, marker, this::view);
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("flavor", view(visible(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> create(JsonNode body) {
        caller.requireAdmin("os_compute_api:os-flavor-manage:create");
        JsonNode request = Fields.object(body, "flavor");
        Fields.onlyKnown(request, CREATE_KEYS);
        Flavor flavor = new Flavor();
        flavor.name = Fields.name(request, "name", 255);
        flavor.id = flavorId(request.get("id"));
        flavor.ramMb = required(request, "ram", 1);
        flavor.vcpus = required(request, "vcpus", 1);
        flavor.diskGb = required(request, "disk", 0);
        flavor.ephemeralGb = optional(request, "OS-FLV-EXT-DATA:ephemeral");
        flavor.swapMb = optional(request, "swap");
        flavor.rxtxFactor = rxtxFactor(request.get("rxtx_factor"));
        Boolean isPublic = Fields.optionalBoolean(request, "os-flavor-access:is_public");
        flavor.isPublic = isPublic == null || isPublic;
        flavor.createdAt = Instant.now();
        if (Flavor.count("name", flavor.name) > 0) {
            throw ComputeError.conflict("Flavor with name " + flavor.name + " already exists.");
        }
        if (Flavor.byId(flavor.id).isPresent()) {
            throw ComputeError.conflict("Flavor with ID " + flavor.id + " already exists.");
        }
        flavor.persist();
        return Map.of("flavor", view(flavor));
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin("os_compute_api:os-flavor-manage:delete");
        Flavor flavor = Flavor.byId(id).orElseThrow(() -> notFound(id));
        flavor.delete();
        return Response.accepted().build();
    }

    @GET
    @Path("/{id}/os-flavor-access")
    public Map<String, Object> access(@PathParam("id") String id) {
        caller.requireAdmin("os_compute_api:os-flavor-access");
        Flavor flavor = Flavor.byId(id).orElseThrow(() -> notFound(id));
        if (flavor.isPublic) {
            throw ComputeError.notFound("Access list not available for public flavors.");
        }
        return accessList(flavor);
    }

    @POST
    @Path("/{id}/action")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> action(@PathParam("id") String id, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-flavor-access:add_tenant_access");
        Flavor flavor = Flavor.byId(id).orElseThrow(() -> notFound(id));
        if (body != null && body.has("addTenantAccess")) {
            String project = Fields.requiredString(Fields.object(body, "addTenantAccess"), "tenant", 1, 255);
            if (flavor.isPublic) {
                throw ComputeError.conflict("Can not add access to a public flavor.");
            }
            if (FlavorAccess.granted(flavor.id, project)) {
                throw ComputeError.conflict("Flavor access already exists for flavor " + flavor.id
                        + " and project " + project + " combination.");
            }
            FlavorAccess access = new FlavorAccess();
            access.flavorId = flavor.id;
            access.projectId = project;
            access.persist();
        } else if (body != null && body.has("removeTenantAccess")) {
            String project = Fields.requiredString(Fields.object(body, "removeTenantAccess"), "tenant", 1, 255);
            if (FlavorAccess.delete("flavorId = ?1 and projectId = ?2", flavor.id, project) == 0) {
                throw ComputeError.notFound("Flavor access not found for " + flavor.id + " / " + project
                        + " combination.");
            }
        } else {
            throw ComputeError.badRequest("Invalid request body: expected addTenantAccess or removeTenantAccess.");
        }
        FlavorAccess.getEntityManager().flush();
        return accessList(flavor);
    }

    private Map<String, Object> accessList(Flavor flavor) {
        return Map.of("flavor_access", FlavorAccess.of(flavor.id).stream()
                .map(access -> Map.of("flavor_id", access.flavorId, "tenant_id", access.projectId)).toList());
    }

    private Map<String, Object> page(String isPublic, String minRam, String minDisk, String limit, String marker,
            Function<Flavor, Map<String, Object>> render) {
        List<Flavor> flavors = Flavor.listed(publicFilter(isPublic), caller.isAdmin() ? null : caller.projectId(),
                caller.isAdmin(), size("minRam", minRam), size("minDisk", minDisk));
        Paging.Page<Flavor> page = Paging.page(flavors, flavor -> flavor.id, limit, marker);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flavors", page.items().stream().map(render).toList());
        page.nextMarker().ifPresent(next -> body.put("flavors_links", Paging.next(uri, next, page.limit())));
        return body;
    }

    /** Nova's is_public filter: admins may ask for private ones or all ("none"); others always see public. */
    private Boolean publicFilter(String isPublic) {
        if (isPublic == null || !caller.isAdmin()) {
            return Boolean.TRUE;
        }
        if ("none".equalsIgnoreCase(isPublic)) {
            return null;
        }
        return Fields.optionalBoolean(new com.fasterxml.jackson.databind.node.ObjectNode(
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance).put("is_public", isPublic), "is_public");
    }

    private static int size(String field, String value) {
        if (value == null) {
            return 0;
        }
        return Fields.integer(field, new com.fasterxml.jackson.databind.node.TextNode(value), 0, Integer.MAX_VALUE);
    }

    private Flavor visible(String id) {
        return Flavor.visible(id, caller.isAdmin() ? null : caller.projectId(), caller.isAdmin())
                .orElseThrow(() -> notFound(id));
    }

    private static ComputeError notFound(String id) {
        return ComputeError.notFound("Flavor " + id + " could not be found.");
    }

    private static String flavorId(JsonNode id) {
        if (id == null || id.isNull() || (id.isTextual() && "auto".equals(id.textValue()))) {
            return UUID.randomUUID().toString();
        }
        String value = id.isIntegralNumber() ? id.asText() : Fields.string("id", id, 1, 255);
        if (!value.matches("^(?! )[a-zA-Z0-9. _-]+(?<! )$")) {
            throw Fields.invalid("id", value, "Flavor ids may contain letters, digits, '.', '_', '-' and spaces.");
        }
        return value;
    }

    private static int required(JsonNode request, String field, int min) {
        Integer value = Fields.optionalInt(request, field, min, Integer.MAX_VALUE);
        if (value == null) {
            throw ComputeError.badRequest("Invalid input for field/attribute " + field + ". '" + field
                    + "' is a required property.");
        }
        return value;
    }

    private static int optional(JsonNode request, String field) {
        Integer value = Fields.optionalInt(request, field, 0, Integer.MAX_VALUE);
        return value == null ? 0 : value;
    }

    private static float rxtxFactor(JsonNode value) {
        if (value == null || value.isNull()) {
            return 1.0f;
        }
        if (!value.isNumber() || value.doubleValue() <= 0 || value.doubleValue() > 3.40282e+38) {
            throw Fields.invalid("rxtx_factor", value, "It must be a number greater than 0.");
        }
        return value.floatValue();
    }

    private Map<String, Object> view(Flavor flavor) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flavor.id);
        view.put("name", flavor.name);
        view.put("ram", flavor.ramMb);
        view.put("disk", flavor.diskGb);
        view.put("vcpus", flavor.vcpus);
        view.put("swap", flavor.swapMb == 0 ? "" : flavor.swapMb);
        view.put("OS-FLV-EXT-DATA:ephemeral", flavor.ephemeralGb);
        view.put("OS-FLV-DISABLED:disabled", flavor.disabled);
        view.put("os-flavor-access:is_public", flavor.isPublic);
        view.put("rxtx_factor", flavor.rxtxFactor);
        view.put("links", Links.of(uri, "flavors", flavor.id));
        return view;
    }
}
