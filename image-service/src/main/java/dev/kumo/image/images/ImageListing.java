package dev.kumo.image.images;

import dev.kumo.image.errors.ImageError;
import dev.kumo.image.identity.Caller;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One page of {@code GET /v2/images}: filtered ({@link ImageFilters}), sorted by {@code sort_key}/{@code sort_dir}
 * or {@code sort=key:dir,...} (newest first by default, id breaks ties), and cut after the {@code marker} image.
 */
final class ImageListing {

    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;
    private static final Map<String, String> SORT_KEYS = Map.ofEntries(Map.entry("name", "name"),
            Map.entry("status", "status"), Map.entry("container_format", "containerFormat"),
            Map.entry("disk_format", "diskFormat"), Map.entry("size", "size"), Map.entry("id", "id"),
            Map.entry("created_at", "createdAt"), Map.entry("updated_at", "updatedAt"),
            Map.entry("visibility", "visibility"), Map.entry("owner", "owner"), Map.entry("min_disk", "minDisk"),
            Map.entry("min_ram", "minRam"), Map.entry("virtual_size", "virtualSize"));

    record Page(List<Image> images, String nextMarker) {
    }

    private ImageListing() {
    }

    static Page page(Map<String, List<String>> query, Caller caller) {
        ImageFilters filters = ImageFilters.of(query, caller);
        int limit = limit(ImageFilters.first(query, "limit"));
        TypedQuery<UUID> ids = Panache.getEntityManager().createQuery(
                "select i.id from Image i" + filters.where() + " order by " + order(query), UUID.class);
        filters.parameters().forEach(ids::setParameter);
        // Ids only, in order: the marker is found by position, whatever the sort keys and their nulls.
        List<UUID> ordered = ids.getResultList();
        int start = start(ordered, ImageFilters.first(query, "marker"));
        List<UUID> pageIds = ordered.subList(start, Math.min(ordered.size(), start + limit));
        Map<UUID, Image> loaded = Image.<Image>list("id in ?1", pageIds).stream()
                .collect(Collectors.toMap(image -> image.id, Function.identity()));
        List<Image> images = pageIds.stream().map(loaded::get).toList();
        boolean more = start + limit < ordered.size() && !pageIds.isEmpty();
        return new Page(images, more ? pageIds.get(pageIds.size() - 1).toString() : null);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        long limit = ImageFilters.number("limit", value);
        return (int) Math.min(limit, MAX_LIMIT);
    }

    private static int start(List<UUID> ordered, String marker) {
        if (marker == null) {
            return 0;
        }
        int at;
        try {
            at = ordered.indexOf(UUID.fromString(marker));
        } catch (IllegalArgumentException e) {
            at = -1;
        }
        if (at < 0) {
            throw ImageError.badRequest("Invalid marker: no image with ID " + marker + " in this listing.");
        }
        return at + 1;
    }

    static String order(Map<String, List<String>> query) {
        List<String> keys = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        String sort = ImageFilters.first(query, "sort");
        List<String> sortKeys = query.getOrDefault("sort_key", List.of());
        List<String> sortDirs = query.getOrDefault("sort_dir", List.of());
        if (sort != null) {
            if (!sortKeys.isEmpty() || !sortDirs.isEmpty()) {
                throw ImageError.badRequest("The 'sort' parameter cannot be combined with 'sort_key' or 'sort_dir'.");
            }
            for (String part : sort.split(",")) {
                String[] keyAndDir = part.trim().split(":", 2);
                keys.add(keyAndDir[0]);
                dirs.add(keyAndDir.length > 1 ? keyAndDir[1] : "asc");
            }
        } else {
            keys.addAll(sortKeys.isEmpty() ? List.of("created_at") : sortKeys);
            if (sortDirs.size() > 1 && sortDirs.size() != keys.size()) {
                throw ImageError.badRequest("Give one 'sort_dir' for all sort keys or one for each 'sort_key'.");
            }
            for (int i = 0; i < keys.size(); i++) {
                dirs.add(sortDirs.isEmpty() ? "desc" : sortDirs.get(sortDirs.size() == 1 ? 0 : i));
            }
        }
        List<String> order = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            order.add("i." + field(keys.get(i)) + " " + direction(dirs.get(i)));
        }
        if (!keys.contains("id")) {
            order.add("i.id " + direction(dirs.get(dirs.size() - 1)));
        }
        return String.join(", ", order);
    }

    private static String field(String key) {
        String field = SORT_KEYS.get(key);
        if (field == null) {
            throw ImageError.badRequest("Invalid sort key '" + key + "': use one of " + SORT_KEYS.keySet() + ".");
        }
        return field;
    }

    private static String direction(String dir) {
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ImageError.badRequest("Invalid sort direction '" + dir + "': use asc or desc.");
        }
        return dir;
    }
}
