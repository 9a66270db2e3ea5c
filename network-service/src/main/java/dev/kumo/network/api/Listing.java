package dev.kumo.network.api;

import dev.kumo.network.errors.NeutronError;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A list request as Neutron answers it, over the resources the caller may see: attribute filters
 * ({@code ?name=a&name=b}, {@code ?fixed_ips=ip_address=10.0.0.5}), tag filters, {@code sort_key}/{@code sort_dir},
 * {@code limit}/{@code marker} with {@code <collection>_links}, and {@code fields}.
 */
public final class Listing {

    private static final Set<String> CONTROLS = Set.of("fields", "limit", "marker", "page_reverse", "sort_key",
            "sort_dir", "tags", "tags-any", "not-tags", "not-tags-any");

    private Listing() {
    }

    public static Map<String, Object> render(String collection, List<Map<String, Object>> views, UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        List<Map<String, Object>> selected = views.stream().filter(view -> matches(view, query)).sorted(order(query))
                .collect(Collectors.toCollection(ArrayList::new));
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> page = page(collection, selected, query, uri, body);
        body.put(collection, page.stream().map(view -> fields(view, query)).toList());
        return reorder(collection, body);
    }

    /** A single resource's view with only the {@code fields} asked for, if any. */
    public static Map<String, Object> fields(Map<String, Object> view, UriInfo uri) {
        return fields(view, uri.getQueryParameters());
    }

    private static Map<String, Object> fields(Map<String, Object> view, MultivaluedMap<String, String> query) {
        List<String> fields = query.get("fields");
        if (fields == null || fields.isEmpty()) {
            return view;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        for (String field : fields) {
            for (String name : field.split(",")) {
                if (view.containsKey(name)) {
                    selected.put(name, view.get(name));
                }
            }
        }
        return selected;
    }

    static boolean matches(Map<String, Object> view, MultivaluedMap<String, String> query) {
        for (Map.Entry<String, List<String>> filter : query.entrySet()) {
            String name = filter.getKey();
            if (CONTROLS.contains(name) || !view.containsKey(name)) {
                continue;
            }
            Object value = view.get(name);
            if (filter.getValue().stream().noneMatch(wanted -> matches(value, wanted))) {
                return false;
            }
        }
        return matchesTags(view.get("tags"), query);
    }

    private static boolean matches(Object value, String wanted) {
        if (value instanceof Collection<?> items) {
            int equals = wanted.indexOf('=');
            if (equals > 0) {
                String key = wanted.substring(0, equals);
                String expected = wanted.substring(equals + 1);
                return items.stream().anyMatch(item -> item instanceof Map<?, ?> map && expected.equals(String.valueOf(map.get(key))));
            }
            return items.stream().anyMatch(item -> wanted.equals(String.valueOf(item)));
        }
        if (value instanceof Boolean flag) {
            return wanted.equalsIgnoreCase(flag.toString());
        }
        return wanted.equals(value == null ? "" : String.valueOf(value));
    }

    private static boolean matchesTags(Object tags, MultivaluedMap<String, String> query) {
        if (!(tags instanceof Collection<?> present)) {
            return true;
        }
        List<String> all = tagList(query, "tags");
        List<String> any = tagList(query, "tags-any");
        List<String> notAll = tagList(query, "not-tags");
        List<String> notAny = tagList(query, "not-tags-any");
        return (all.isEmpty() || present.containsAll(all))
                && (any.isEmpty() || any.stream().anyMatch(present::contains))
                && (notAll.isEmpty() || !present.containsAll(notAll))
                && (notAny.isEmpty() || notAny.stream().noneMatch(present::contains));
    }

    private static List<String> tagList(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        return values == null ? List.of() : values.stream().flatMap(value -> Arrays.stream(value.split(",")))
                .filter(tag -> !tag.isEmpty()).toList();
    }

    private static Comparator<Map<String, Object>> order(MultivaluedMap<String, String> query) {
        List<String> keys = query.getOrDefault("sort_key", List.of());
        List<String> directions = query.getOrDefault("sort_dir", List.of());
        Comparator<Map<String, Object>> order = null;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String direction = i < directions.size() ? directions.get(i) : "asc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw NeutronError.badRequest("Sort direction " + direction + " is not one of asc, desc");
            }
            Comparator<Map<String, Object>> byKey = Comparator.comparing(view -> view.get(key), Listing::compare);
            if (direction.equals("desc")) {
                byKey = byKey.reversed();
            }
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        Comparator<Map<String, Object>> byId = Comparator.comparing(view -> String.valueOf(view.get("id")));
        return order == null ? byId : order.thenComparing(byId);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Comparable comparable && a.getClass().equals(b.getClass())) {
            return comparable.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static List<Map<String, Object>> page(String collection, List<Map<String, Object>> selected,
            MultivaluedMap<String, String> query, UriInfo uri, Map<String, Object> body) {
        String marker = query.getFirst("marker");
        int from = 0;
        if (marker != null) {
            for (int i = 0; i < selected.size(); i++) {
                if (marker.equals(String.valueOf(selected.get(i).get("id")))) {
                    from = i + 1;
                    break;
                }
            }
        }
        Integer limit = limit(query.getFirst("limit"));
        if (limit == null) {
            return selected.subList(from, selected.size());
        }
        int to = Math.min(selected.size(), from + limit);
        List<Map<String, Object>> page = selected.subList(from, to);
        List<Map<String, String>> links = new ArrayList<>();
        if (to < selected.size() && !page.isEmpty()) {
            links.add(Map.of("rel", "next", "href", uri.getRequestUriBuilder()
                    .replaceQueryParam("marker", page.get(page.size() - 1).get("id")).build().toString()));
        }
        if (marker != null && !page.isEmpty()) {
            links.add(Map.of("rel", "previous", "href", uri.getRequestUriBuilder()
                    .replaceQueryParam("marker", page.get(0).get("id"))
                    .replaceQueryParam("page_reverse", "True").build().toString()));
        }
        if (!links.isEmpty()) {
            body.put(collection + "_links", links);
        }
        return page;
    }

    private static Integer limit(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 0) {
                throw NeutronError.badRequest("Limit must be an integer 0 or greater and not '" + value + "'");
            }
            return limit == 0 ? null : limit;
        } catch (NumberFormatException e) {
            throw NeutronError.badRequest("Limit must be an integer 0 or greater and not '" + value + "'");
        }
    }

    /** The collection first, then its links, as Neutron writes them. */
    private static Map<String, Object> reorder(String collection, Map<String, Object> body) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put(collection, body.get(collection));
        body.forEach(ordered::putIfAbsent);
        return ordered;
    }
}
