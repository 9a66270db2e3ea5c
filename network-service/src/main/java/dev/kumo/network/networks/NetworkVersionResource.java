package dev.kumo.network.networks;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Neutron's version discovery: the networking API v2.0 this service will serve. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkVersionResource {

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> versions() {
        return Map.of("versions", List.of(Map.of(
                "id", "v2.0",
                "status", "CURRENT",
                "links", List.of(Map.of("rel", "self", "href", uri.getBaseUri() + "v2.0/")))));
    }
}
