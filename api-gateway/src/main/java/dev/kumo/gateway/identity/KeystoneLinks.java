package dev.kumo.gateway.identity;

import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** The links Keystone puts on resources and collections, pointing back through the gateway. */
final class KeystoneLinks {

    private KeystoneLinks() {
    }

    /** {@code http://host:port}, without a trailing slash. */
    static String base(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** {@code {"self": base + path}} for a resource at {@code path} (e.g. {@code /identity/v3/roles/admin}). */
    static Map<String, Object> self(UriInfo uri, String path) {
        return Map.of("self", base(uri) + path);
    }

    /** A collection's links: itself, and no other page (Kumo does not paginate identity collections). */
    static Map<String, Object> collection(UriInfo uri) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", uri.getRequestUri().toString());
        links.put("previous", null);
        links.put("next", null);
        return links;
    }
}
