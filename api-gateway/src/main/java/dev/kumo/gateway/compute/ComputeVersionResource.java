package dev.kumo.gateway.compute;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nova's version discovery documents; they need no token. */
@Path("/compute")
@Produces(MediaType.APPLICATION_JSON)
public class ComputeVersionResource {

    public static final String MIN_VERSION = Microversion.MIN.toString();
    public static final String MAX_VERSION = Microversion.MAX.toString();

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> versions() {
        return Map.of("versions", List.of(legacy(), version()));
    }

    @GET
    @Path("/v2")
    public Map<String, Object> legacyVersion() {
        return Map.of("version", legacy());
    }

    /** Nova still lists the v2.0 API (without microversions) as SUPPORTED; Kumo serves it as v2.1. */
    private Map<String, Object> legacy() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.0");
        version.put("status", "SUPPORTED");
        version.put("version", "");
        version.put("min_version", "");
        version.put("updated", "2011-01-21T11:33:21Z");
        version.put("links", List.of(Map.of("rel", "self", "href", Links.computeRoot(uri) + "/v2/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.compute+json;version=2")));
        return version;
    }

    @GET
    @Path("/v2.1")
    public Map<String, Object> current() {
        return Map.of("version", version());
    }

    private Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", "v2.1");
        version.put("status", "CURRENT");
        version.put("version", MAX_VERSION);
        version.put("min_version", MIN_VERSION);
        version.put("updated", "2013-07-23T11:33:21Z");
        version.put("links", List.of(Map.of("rel", "self", "href", Links.computeRoot(uri) + "/v2.1/")));
        version.put("media-types", List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.compute+json;version=2.1")));
        return version;
    }
}
