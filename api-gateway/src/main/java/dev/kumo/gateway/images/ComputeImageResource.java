package dev.kumo.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.Paging;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.quotas.QuotaResource;
import dev.kumo.gateway.quotas.Quotas;
import io.quarkus.security.Authenticated;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Nova's image proxy, {@code /compute/v2.1/images}: the caller's Glance images in Nova's shape (status ACTIVE,
 * SAVING..., properties as {@code metadata}), with their metadata editable. Deprecated by Nova at 2.36, where it
 * answers 404; still what novaclient-era tools and Tempest's compute image tests use below it.
 */
@Path("/compute/v2.1/images")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ComputeImageResource {

    private final GlanceCalls glance;
    private final ComputeImageView view;
    private final Caller caller;
    private final RequestedMicroversion version;
    private final Quotas quotas;

    @Context
    UriInfo uri;

    public ComputeImageResource(GlanceCalls glance, ComputeImageView view, Caller caller, RequestedMicroversion version,
            Quotas quotas) {
        this.glance = glance;
        this.view = view;
        this.caller = caller;
        this.version = version;
        this.quotas = quotas;
    }

    @GET
    public Map<String, Object> list() {
        return listed(false);
    }

    @GET
    @Path("/detail")
    public Map<String, Object> detail() {
        return listed(true);
    }

    /** {@code DELETE /images/} names no image: not found, as in Nova. */
    @DELETE
    public Response deleteNothing() {
        supported();
        throw ComputeError.notFound("Image  could not be found.");
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("image", view.detail(image(id), uri));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        supported();
        caller.requireChange("os_compute_api:images:delete");
        if (!glance.delete(id, caller.rawToken())) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/metadata")
    public Map<String, Object> metadata(@PathParam("id") String id) {
        return Map.of("metadata", ComputeImageView.properties(image(id)));
    }

    /** Replaces all of the image's metadata. */
    @PUT
    @Path("/{id}/metadata")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> replaceMetadata(@PathParam("id") String id, JsonNode body) {
        Map<String, String> wanted = Fields.metadata("metadata", Fields.object(body, "metadata"));
        JsonNode image = image(id);
        checkQuota(wanted.size());
        ArrayNode operations = JsonNodeFactory.instance.arrayNode();
        ComputeImageView.properties(image).keySet().stream().filter(key -> !wanted.containsKey(key))
                .forEach(key -> operations.add(operation("remove", key, null)));
        wanted.forEach((key, value) -> operations.add(operation(image.has(key) ? "replace" : "add", key, value)));
        return Map.of("metadata", ComputeImageView.properties(patch(id, operations)));
    }

    /** Adds or changes the given keys, keeping the others. */
    @POST
    @Path("/{id}/metadata")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> updateMetadata(@PathParam("id") String id, JsonNode body) {
        Map<String, String> wanted = Fields.metadata("metadata", Fields.object(body, "metadata"));
        JsonNode image = image(id);
        Map<String, String> merged = new LinkedHashMap<>(ComputeImageView.properties(image));
        merged.putAll(wanted);
        checkQuota(merged.size());
        ArrayNode operations = JsonNodeFactory.instance.arrayNode();
        wanted.forEach((key, value) -> operations.add(operation(image.has(key) ? "replace" : "add", key, value)));
        return Map.of("metadata", ComputeImageView.properties(patch(id, operations)));
    }

    @GET
    @Path("/{id}/metadata/{key}")
    public Map<String, Object> metadataItem(@PathParam("id") String id, @PathParam("key") String key) {
        String value = ComputeImageView.properties(image(id)).get(key);
        if (value == null) {
            throw ComputeError.notFound("Image " + id + " has no metadata with key " + key + ".");
        }
        return Map.of("meta", Map.of(key, value));
    }

    @PUT
    @Path("/{id}/metadata/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> setMetadataItem(@PathParam("id") String id, @PathParam("key") String key,
            JsonNode body) {
        Map<String, String> meta = Fields.metadata("meta", Fields.object(body, "meta"));
        if (meta.size() != 1 || !meta.containsKey(key)) {
            throw ComputeError.badRequest("Request body and URI mismatch");
        }
        JsonNode image = image(id);
        Map<String, String> properties = ComputeImageView.properties(image);
        checkQuota(properties.size() + (properties.containsKey(key) ? 0 : 1));
        ArrayNode operations = JsonNodeFactory.instance.arrayNode();
        operations.add(operation(image.has(key) ? "replace" : "add", key, meta.get(key)));
        patch(id, operations);
        return Map.of("meta", meta);
    }

    @DELETE
    @Path("/{id}/metadata/{key}")
    public Response deleteMetadataItem(@PathParam("id") String id, @PathParam("key") String key) {
        if (!ComputeImageView.properties(image(id)).containsKey(key)) {
            throw ComputeError.notFound("Image " + id + " has no metadata with key " + key + ".");
        }
        ArrayNode operations = JsonNodeFactory.instance.arrayNode();
        operations.add(operation("remove", key, null));
        patch(id, operations);
        return Response.noContent().build();
    }

    private Map<String, Object> listed(boolean detail) {
        supported();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Map<String, String> glanceFilters = new LinkedHashMap<>();
        putIfGiven(glanceFilters, "name", query.getFirst("name"));
        putIfGiven(glanceFilters, "instance_uuid", lastSegment(query.getFirst("server")));
        putIfGiven(glanceFilters, "image_type", query.getFirst("type"));
        List<JsonNode> images = glance.list(glanceFilters, caller.rawToken()).stream()
                .filter(matching(query))
                .toList();
        Paging.Page<JsonNode> page = Paging.page(images, image -> image.path("id").asText(), query.getFirst("limit"),
                query.getFirst("marker"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", page.items().stream()
                .map(image -> detail ? view.detail(image, uri) : view.basic(image, uri)).toList());
        page.nextMarker().ifPresent(marker -> body.put("images_links", Paging.next(uri, marker, page.limit())));
        return body;
    }

    /** Nova's filters Glance is not asked for: status (Nova's words), changes-since, minRam and minDisk. */
    private static Predicate<JsonNode> matching(MultivaluedMap<String, String> query) {
        Predicate<JsonNode> all = image -> true;
        String status = query.getFirst("status");
        if (status != null) {
            all = all.and(image -> ComputeImageView.status(image).equalsIgnoreCase(status));
        }
        String since = query.getFirst("changes-since");
        if (since != null) {
            Instant from = Fields.time("changes-since", since);
            all = all.and(image -> !Instant.parse(image.path("updated_at").asText()).isBefore(from));
        }
        int minRam = atLeast(query, "minRam");
        int minDisk = atLeast(query, "minDisk");
        return all.and(image -> image.path("min_ram").asInt(0) >= minRam && image.path("min_disk").asInt(0) >= minDisk);
    }

    private static int atLeast(MultivaluedMap<String, String> query, String field) {
        String value = query.getFirst(field);
        return value == null ? 0 : Fields.integer(field, new com.fasterxml.jackson.databind.node.TextNode(value), 0,
                Integer.MAX_VALUE);
    }

    private JsonNode image(String id) {
        supported();
        return glance.find(id, caller.rawToken()).orElseThrow(() -> notFound(id));
    }

    private JsonNode patch(String id, ArrayNode operations) {
        caller.requireChange("os_compute_api:image-metadata:update");
        return glance.patch(id, operations, caller.rawToken()).orElseThrow(() -> notFound(id));
    }

    private void checkQuota(int items) {
        quotas.checkCount(caller.projectId(), QuotaResource.METADATA_ITEMS, items);
    }

    /** Nova removed the image proxy at 2.36. */
    private void supported() {
        if (version.get().atLeast(36)) {
            throw ComputeError.notFound("The resource could not be found.");
        }
    }

    private static ObjectNode operation(String op, String key, String value) {
        ObjectNode operation = JsonNodeFactory.instance.objectNode();
        operation.put("op", op);
        operation.put("path", "/" + key.replace("~", "~0").replace("/", "~1"));
        if (value != null) {
            operation.put("value", value);
        }
        return operation;
    }

    /** A server given by reference ({@code .../servers/<id>}) or by id: its id, as Nova takes either. */
    private static String lastSegment(String reference) {
        if (reference == null) {
            return null;
        }
        String trimmed = reference.endsWith("/") ? reference.substring(0, reference.length() - 1) : reference;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static void putIfGiven(Map<String, String> filters, String name, String value) {
        if (value != null && !value.isEmpty()) {
            filters.put(name, value);
        }
    }

    private static ComputeError notFound(String id) {
        return ComputeError.notFound("Image " + id + " could not be found.");
    }
}
