package dev.kumo.image.images;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Glance's version discovery: the image API v2 this service will serve (the catalog comes next). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ImageVersionResource {

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> versions() {
        return Map.of("versions", List.of(Map.of(
                "id", "v2.9",
                "status", "CURRENT",
                "links", List.of(Map.of("rel", "self", "href", uri.getBaseUri() + "v2/")))));
    }
}
