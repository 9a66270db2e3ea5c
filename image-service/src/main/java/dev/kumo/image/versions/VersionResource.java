package dev.kumo.image.versions;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Glance's version discovery at {@code /} and {@code /versions}: 300 Multiple Choices listing the image API
 * v2 minor versions, the newest CURRENT, with links through the gateway's prefix. Needs no token.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    static final String CURRENT = "v2.9";
    private static final int NEWEST_MINOR = 9;

    @Context
    UriInfo uri;

    @GET
    public Response root() {
        return versions();
    }

    @GET
    @Path("versions")
    public Response versions() {
        String self = uri.getBaseUri() + "v2/";
        List<Map<String, Object>> versions = new ArrayList<>();
        for (int minor = NEWEST_MINOR; minor >= 0; minor--) {
            versions.add(Map.of(
                    "id", "v2." + minor,
                    "status", minor == NEWEST_MINOR ? "CURRENT" : "SUPPORTED",
                    "links", List.of(Map.of("rel", "self", "href", self))));
        }
        return Response.status(300).entity(Map.of("versions", versions)).build();
    }
}
