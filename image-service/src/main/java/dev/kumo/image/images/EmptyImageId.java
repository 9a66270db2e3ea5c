package dev.kumo.image.images;

import dev.kumo.image.errors.ImageErrorMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code /v2/images/} names an image with an empty id, which Glance answers with 404; JAX-RS would take it for
 * the image list ({@code GET}) or answer 405 ({@code DELETE}, {@code PATCH}). Creating at {@code /v2/images/}
 * still works.
 */
public class EmptyImageId {

    @ServerRequestFilter(preMatching = true)
    public Response refuse(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().endsWith("/v2/images/") && !"POST".equals(request.getMethod())) {
            return ImageErrorMapper.render(404, "An image id is missing from the path /v2/images/.");
        }
        return null;
    }
}
