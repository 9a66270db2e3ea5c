package dev.kumo.image.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.image.errors.ImageError;
import dev.kumo.image.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The image catalog of Glance v2: create, list, show, update by JSON patch, delete, deactivate and reactivate. */
@Path("/v2/images")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    private final Caller caller;
    private final ImageAccess access;
    private final ImageDeletion deletion;
    private final ImageEvents events;
    private final Clock clock;

    public ImageResource(Caller caller, ImageAccess access, ImageDeletion deletion, ImageEvents events, Clock clock) {
        this.caller = caller;
        this.access = access;
        this.deletion = deletion;
        this.events = events;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(JsonNode body) {
        caller.requireChange("add_image");
        if (body == null || !body.isObject()) {
            throw ImageError.badRequest("The request body must be a JSON object describing the image.");
        }
        Image image = Image.queued(newId(body.get("id")), caller.projectId(), Instant.now(clock));
        ImageAttributes attributes = new ImageAttributes(caller);
        body.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("id")) {
                attributes.set(image, field.getKey(), field.getValue());
            }
        });
        ImageAttributes.requireMatchingAmazonFormats(image);
        image.persist();
        events.created(image);
        return Response.created(URI.create("/v2/images/" + image.id)).entity(ImageView.of(image)).build();
    }

    @GET
    public Map<String, Object> list(@Context UriInfo uri) {
        ImageListing.Page page = ImageListing.page(uri.getQueryParameters(), caller);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", page.images().stream().map(ImageView::of).toList());
        body.put("first", "/v2/images");
        body.put("schema", "/v2/schemas/images");
        if (page.nextMarker() != null) {
            body.put("next", NextLink.of("/v2/images", uri.getQueryParameters(), page.nextMarker()));
        }
        return body;
    }

    @GET
    @Path("{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return ImageView.of(access.visible(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({ImagePatch.MEDIA_TYPE, ImagePatch.MEDIA_TYPE_2_0})
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, @Context HttpHeaders headers,
                                      String body) {
        Image image = access.changeable(id, "modify_image");
        boolean strictAdd = headers.getMediaType() != null
                && headers.getMediaType().toString().startsWith(ImagePatch.MEDIA_TYPE_2_0);
        ImagePatch.parse(body).apply(image, new ImageAttributes(caller), strictAdd);
        ImageAttributes.requireMatchingAmazonFormats(image);
        image.updatedAt = Instant.now(clock);
        return ImageView.of(image);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        deletion.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/actions/deactivate")
    @Transactional
    public Response deactivate(@PathParam("id") String id) {
        return changeActivation(id, ImageStatus.ACTIVE, ImageStatus.DEACTIVATED, "deactivate");
    }

    @POST
    @Path("{id}/actions/reactivate")
    @Transactional
    public Response reactivate(@PathParam("id") String id) {
        return changeActivation(id, ImageStatus.DEACTIVATED, ImageStatus.ACTIVE, "reactivate");
    }

    private Response changeActivation(String id, String from, String to, String action) {
        Image image = access.changeable(id, action);
        if (!image.status.equals(to)) {
            if (!image.status.equals(from)) {
                throw ImageError.forbidden("Not allowed to " + action + " image in status '" + image.status + "'.");
            }
            image.status = to;
            image.updatedAt = Instant.now(clock);
        }
        return Response.noContent().build();
    }

    /** A client may choose the id of a new image (Glance allows it); it must be a free UUID. */
    private static UUID newId(JsonNode id) {
        if (id == null || id.isNull()) {
            return UUID.randomUUID();
        }
        UUID chosen;
        try {
            chosen = UUID.fromString(ImageAttributes.string("id", id));
        } catch (IllegalArgumentException e) {
            throw ImageError.badRequest("Invalid value for 'id': " + id + " is not a UUID.");
        }
        if (Image.findById(chosen) != null) {
            throw ImageError.conflict("An image with ID " + chosen + " already exists.");
        }
        return chosen;
    }
}
