package dev.kumo.image.images;

import dev.kumo.image.errors.ImageError;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;

/** Adds and removes single tags: {@code PUT}/{@code DELETE /v2/images/{id}/tags/{tag}}, both 204. */
@Path("/v2/images/{id}/tags/{tag}")
@Authenticated
public class ImageTagResource {

    private static final int MAX_LENGTH = 255;

    private final ImageAccess access;
    private final Clock clock;

    public ImageTagResource(ImageAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    @PUT
    @Transactional
    public Response add(@PathParam("id") String id, @PathParam("tag") String tag) {
        Image image = access.changeable(id, "modify_image");
        if (tag.isBlank() || tag.length() > MAX_LENGTH) {
            throw ImageError.badRequest("Invalid tag '" + tag + "': 1 to " + MAX_LENGTH + " characters.");
        }
        if (image.tags.add(tag)) {
            image.updatedAt = Instant.now(clock);
        }
        return Response.noContent().build();
    }

    @DELETE
    @Transactional
    public Response remove(@PathParam("id") String id, @PathParam("tag") String tag) {
        Image image = access.changeable(id, "modify_image");
        if (!image.tags.remove(tag)) {
            throw ImageError.notFound("Tag " + tag + " not found.");
        }
        image.updatedAt = Instant.now(clock);
        return Response.noContent().build();
    }
}
