package dev.kumo.gateway.routing;

import java.util.regex.Pattern;

/**
 * The route a forwarded request took, as the {@code uri} tag of {@code http.server.requests} shows it: the ids in
 * its path become {@code {id}}, so the metric has one series per route of the image and network APIs, not one per
 * image, port or network. (Micrometer stops adding uris after 100: past that, no endpoint it had not seen yet would
 * be measured.) Both APIs put a collection, then an id, then a sub-resource or action, then its id, after the
 * version: {@code /v2/images/{id}/tags/{id}}, {@code /v2.0/routers/{id}/add_router_interface}.
 */
final class RouteTemplates {

    private static final Pattern VERSION = Pattern.compile("v[0-9]+(\\.[0-9]+)*");
    /** A collection or an action: a word of the API, never a caller's value. */
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private RouteTemplates() {
    }

    /** The template of PATH (without its query) under PREFIX ({@code /image} or {@code /network}). */
    static String of(String prefix, String path) {
        String[] segments = path.substring(prefix.length()).split("/", -1);
        StringBuilder template = new StringBuilder(prefix);
        int first = 1;
        if (segments.length > 1 && VERSION.matcher(segments[1]).matches()) {
            template.append('/').append(segments[1]);
            first = 2;
        }
        for (int i = first; i < segments.length; i++) {
            template.append('/').append(templateOf(segments[i], (i - first) % 2 == 1));
        }
        return template.toString();
    }

    private static String templateOf(String segment, boolean idPosition) {
        if (segment.isEmpty()) {
            return segment;
        }
        return idPosition ? "{id}" : WORD.matcher(segment).matches() ? segment : "{name}";
    }
}
