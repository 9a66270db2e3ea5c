package dev.kumo.gateway.compute;

import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Nova's limit/marker paging over an ordered list: the page after the marker, and a {@code next} link when
 * the page was cut short by the limit. An unknown marker is a 400, as in Nova.
 */
public final class Paging {

    /** Nova's osapi_max_limit: no page is longer, whatever the client asks. */
    public static final int MAX_LIMIT = 1000;

    private Paging() {
    }

    public record Page<T>(List<T> items, int limit, Optional<String> nextMarker) {
    }

    public static int limit(String limit) {
        if (limit == null) {
            return MAX_LIMIT;
        }
        return Math.min(MAX_LIMIT, Fields.integer("limit", new TextNode(limit), 0, Integer.MAX_VALUE));
    }

    public static <T> Page<T> page(List<T> ordered, Function<T, String> key, String limit, String marker) {
        int size = limit(limit);
        int from = 0;
        if (marker != null) {
            int at = -1;
            for (int i = 0; i < ordered.size(); i++) {
                if (marker.equals(key.apply(ordered.get(i)))) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw ComputeError.badRequest("marker [" + marker + "] not found");
            }
            from = at + 1;
        }
        int to = Math.min(ordered.size(), from + size);
        List<T> items = ordered.subList(from, to);
        boolean cut = to < ordered.size();
        Optional<String> next = cut && !items.isEmpty() ? Optional.of(key.apply(items.get(items.size() - 1)))
                : Optional.empty();
        return new Page<>(items, size, next);
    }

    /** The {@code *_links} entry pointing at the next page, keeping the request's other query parameters. */
    public static List<Map<String, String>> next(UriInfo uri, String marker, int limit) {
        String href = uri.getRequestUriBuilder()
                .replaceQueryParam("marker", marker)
                .replaceQueryParam("limit", limit)
                .build().toString();
        return List.of(Map.of("rel", "next", "href", href));
    }
}
