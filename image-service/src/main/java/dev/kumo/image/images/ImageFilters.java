package dev.kumo.image.images;

import dev.kumo.image.errors.ImageError;
import dev.kumo.image.identity.Caller;
import dev.kumo.image.members.ImageMember;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns Glance's list filters into an HQL condition: which images the caller may list (by visibility and
 * membership), then name, status, owner, formats, tags, size range, protected, os_hidden and any property.
 * A value may be {@code in:a,b} for the plain attributes, {@code gte:<time>} (gt, lt, lte, eq, neq) for the
 * two timestamps.
 */
final class ImageFilters {

    private static final Set<String> PAGING = Set.of("limit", "marker", "sort", "sort_key", "sort_dir");
    private static final Map<String, String> PLAIN = Map.of("id", "i.id", "name", "i.name", "status", "i.status",
            "owner", "i.owner", "disk_format", "i.diskFormat", "container_format", "i.containerFormat");
    private static final Map<String, String> TIMES = Map.of("created_at", "i.createdAt", "updated_at", "i.updatedAt");
    private static final Map<String, String> COMPARISONS = Map.of("gt", ">", "gte", ">=", "lt", "<", "lte", "<=",
            "eq", "=", "neq", "<>");

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new HashMap<>();

    String where() {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    Map<String, Object> parameters() {
        return parameters;
    }

    static ImageFilters of(Map<String, List<String>> query, Caller caller) {
        ImageFilters filters = new ImageFilters();
        filters.visibility(first(query, "visibility"), first(query, "member_status"), caller);
        filters.hidden(first(query, "os_hidden"));
        query.forEach((name, values) -> {
            if (!PAGING.contains(name) && !Set.of("visibility", "member_status", "os_hidden").contains(name)) {
                values.forEach(value -> filters.attribute(name, value));
            }
        });
        return filters;
    }

    private void visibility(String visibility, String memberStatus, Caller caller) {
        String status = memberStatus == null ? ImageMember.ACCEPTED : memberStatus;
        if (!List.of(ImageMember.PENDING, ImageMember.ACCEPTED, ImageMember.REJECTED, "all").contains(status)) {
            throw ImageError.badRequest("Invalid member_status '" + status + "': use pending, accepted, rejected or all.");
        }
        if (visibility != null && !visibility.equals("all") && !Visibility.ALL.contains(visibility)) {
            throw ImageError.badRequest("Invalid visibility '" + visibility + "': use public, private, shared, community or all.");
        }
        if (visibility != null && !visibility.equals("all")) {
            conditions.add("i.visibility = :visibility");
            parameters.put("visibility", visibility);
        }
        if (caller.isAdmin()) {
            return;
        }
        parameters.put("project", caller.projectId());
        String member = "exists (select 1 from ImageMember m where m.imageId = i.id and m.member = :project"
                + (status.equals("all") ? "" : " and m.status = :memberStatus") + ")";
        if (!status.equals("all")) {
            parameters.put("memberStatus", status);
        }
        String mine = "i.owner = :project";
        conditions.add("(" + mine + " or i.visibility = 'public'"
                + (visibility == null ? "" : " or i.visibility = 'community'")
                + " or (i.visibility = 'shared' and " + member + "))");
    }

    /** Hidden images are left out unless asked for; os_hidden=true lists only them, like Glance. */
    private void hidden(String osHidden) {
        conditions.add("i.osHidden = :hidden");
        parameters.put("hidden", osHidden != null && bool("os_hidden", osHidden));
    }

    private void attribute(String name, String value) {
        String key = "p" + parameters.size();
        if (PLAIN.containsKey(name)) {
            plain(name, value, key);
        } else if (name.equals("tag") || name.equals("tags")) {
            conditions.add(":" + key + " member of i.tags");
            parameters.put(key, value);
        } else if (name.equals("size_min") || name.equals("size_max")) {
            conditions.add("i.size " + (name.equals("size_min") ? ">=" : "<=") + " :" + key);
            parameters.put(key, number(name, value));
        } else if (name.equals("protected")) {
            conditions.add("i.isProtected = :" + key);
            parameters.put(key, bool(name, value));
        } else if (TIMES.containsKey(name)) {
            time(name, value, key);
        } else if (Set.of("min_ram", "min_disk").contains(name)) {
            conditions.add("i." + (name.equals("min_ram") ? "minRam" : "minDisk") + " = :" + key);
            parameters.put(key, (int) number(name, value));
        } else {
            conditions.add("exists (select 1 from Image j join j.properties p where j.id = i.id"
                    + " and key(p) = :" + key + "k and value(p) = :" + key + "v)");
            parameters.put(key + "k", name);
            parameters.put(key + "v", value);
        }
    }

    /** {@code created_at=gte:2026-01-01T00:00:00Z}: Glance's comparison operators on the two timestamps. */
    private void time(String name, String value, String key) {
        int colon = value.indexOf(':');
        String operator = colon < 0 ? null : COMPARISONS.get(value.substring(0, colon));
        if (operator == null) {
            throw ImageError.badRequest("Invalid value for '" + name + "': use one of " + COMPARISONS.keySet()
                    + " followed by ':' and a time, like gte:2026-01-01T00:00:00Z.");
        }
        try {
            parameters.put(key, OffsetDateTime.parse(value.substring(colon + 1)).toInstant());
        } catch (DateTimeParseException e) {
            throw ImageError.badRequest("Invalid time in '" + name + "': " + value.substring(colon + 1) + ".");
        }
        conditions.add(TIMES.get(name) + " " + operator + " :" + key);
    }

    private void plain(String name, String value, String key) {
        Object parameter;
        String operator;
        if (value.startsWith("in:")) {
            List<String> values = List.of(value.substring(3).split(","));
            parameter = name.equals("id") ? values.stream().map(ImageFilters::uuid).toList() : values;
            operator = " in (:" + key + ")";
        } else {
            parameter = name.equals("id") ? uuid(value) : value;
            operator = " = :" + key;
        }
        conditions.add(PLAIN.get(name) + operator);
        parameters.put(key, parameter);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ImageError.badRequest("Invalid value for 'id': '" + id + "' is not an image id.");
        }
    }

    static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static boolean bool(String name, String value) {
        return switch (value.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ImageError.badRequest("Invalid value for '" + name + "': '" + value + "' is not a boolean.");
        };
    }

    static long number(String name, String value) {
        try {
            long number = Long.parseLong(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ImageError.badRequest("Invalid value for '" + name + "': '" + value + "' is not a non-negative integer.");
    }
}
