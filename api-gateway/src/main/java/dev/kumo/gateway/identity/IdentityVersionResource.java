package dev.kumo.gateway.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keystone's version discovery: the identity API v3 behind the Keycloak facade. */
@Path("/identity")
@Produces(MediaType.APPLICATION_JSON)
public class IdentityVersionResource {

    @Context
    UriInfo uri;

    /** Keystone answers its root with 300 Multiple Choices and the list of versions. */
    @GET
    public Response versions() {
        return Response.status(300).entity(Map.of("versions", Map.of("values", List.of(version())))).build();
    }

    @GET
    @Path("/v3")
    public Map<String, Object> current() {
        return Map.of("version", version());
    }

    private Map<String, Object> version() {
        String base = uri.getBaseUri().toString();
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v3.14");
        version.put("status", "stable");
        version.put("updated", "2020-04-07T00:00:00Z");
        version.put("links", List.of(Map.of("rel", "self", "href", base + "identity/v3/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.identity-v3+json")));
        return version;
    }
}
