package dev.kumo.gateway.compute;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** The self and bookmark links Nova puts on every resource. */
public final class Links {

    private Links() {
    }

    /** {@code http://host:port/compute} — the root under which the versioned API lives. */
    public static String computeRoot(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + "compute";
    }

    public static List<Map<String, String>> of(UriInfo uri, String collection, String id) {
        String root = computeRoot(uri);
        return List.of(
                Map.of("rel", "self", "href", root + "/v2.1/" + collection + "/" + id),
                Map.of("rel", "bookmark", "href", root + "/" + collection + "/" + id));
    }
}
