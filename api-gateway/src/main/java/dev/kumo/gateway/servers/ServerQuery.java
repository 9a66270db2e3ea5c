package dev.kumo.gateway.servers;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filters of {@code GET /servers} and {@code /servers/detail}, as Nova reads them: name as a regular
 * expression, status, changes-since (which also shows servers deleted since), image, flavor, reservation id,
 * tags, and for admins all_tenants, project, host. Filters the database can apply become the query; the
 * rest run on the result.
 */
record ServerQuery(String jpql, Map<String, Object> parameters, Predicate<Instance> remaining, boolean sortAscending,
        String sortKey) {

    private static final Set<String> SORT_KEYS = Set.of("created_at", "updated_at", "display_name", "name",
            "launched_at", "vm_state", "task_state", "power_state", "host", "uuid", "id", "hostname");

    static ServerQuery from(MultivaluedMap<String, String> query, String callerProject, boolean admin,
            boolean tagsAllowed) {
        List<String> where = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        boolean everyProject = admin && query.containsKey("all_tenants")
                && (query.getFirst("all_tenants").isEmpty() || truthy(query.getFirst("all_tenants")));
        if (!everyProject) {
            where.add("projectId = :project");
            parameters.put("project", callerProject);
        } else if (query.getFirst("project_id") != null || query.getFirst("tenant_id") != null) {
            where.add("projectId = :project");
            parameters.put("project", first(query, "project_id", "tenant_id"));
        }
        String changesSince = query.getFirst("changes-since");
        if (changesSince != null) {
            where.add("updatedAt >= :since");
            parameters.put("since", time("changes-since", changesSince));
        } else if (!(admin && truthy(query.getFirst("deleted")))) {
            where.add("deletedAt is null");
        } else {
            where.add("deletedAt is not null");
        }
        String status = query.getFirst("status");
        if (status != null) {
            Set<String> states = VmState.forStatus(status);
            if (states.isEmpty() && !admin) {
                throw ComputeError.badRequest("Invalid status value");
            }
            if (states.isEmpty()) {
                states = Set.of("no-such-state"); // admins get an empty list, as from Nova
            }
            where.add("vmState in :states");
            parameters.put("states", states);
        }
        equal(query, "image", "imageRef", where, parameters);
        equal(query, "flavor", "flavorId", where, parameters);
        equal(query, "reservation_id", "reservationId", where, parameters);
        if (admin) {
            equal(query, "host", "host", where, parameters);
            equal(query, "node", "host", where, parameters);
        }
        String sortKey = sortKey(query.getFirst("sort_key"));
        boolean ascending = "asc".equalsIgnoreCase(query.getFirst("sort_dir"));
        String jpql = String.join(" and ", where) + " order by " + sortKey + (ascending ? " asc" : " desc")
                + ", id " + (ascending ? "asc" : "desc");
        return new ServerQuery(jpql, parameters, remaining(query, tagsAllowed), ascending, sortKey);
    }

    private static Predicate<Instance> remaining(MultivaluedMap<String, String> query, boolean tagsAllowed) {
        Predicate<Instance> filter = instance -> true;
        String name = first(query, "name", "display_name");
        if (name != null) {
            Pattern pattern = regex(name);
            filter = filter.and(instance -> pattern.matcher(instance.name).find());
        }
        String zone = query.getFirst("availability_zone");
        if (zone != null) {
            filter = filter.and(instance -> zone.equals(instance.availabilityZone));
        }
        if (tagsAllowed) {
            filter = filter.and(tagFilter(query));
        }
        return filter;
    }

    private static Predicate<Instance> tagFilter(MultivaluedMap<String, String> query) {
        Predicate<Instance> filter = instance -> true;
        List<String> all = tags(query.getFirst("tags"));
        List<String> any = tags(query.getFirst("tags-any"));
        List<String> notAll = tags(query.getFirst("not-tags"));
        List<String> notAny = tags(query.getFirst("not-tags-any"));
        if (!all.isEmpty()) {
            filter = filter.and(instance -> instance.tags.containsAll(all));
        }
        if (!any.isEmpty()) {
            filter = filter.and(instance -> any.stream().anyMatch(instance.tags::contains));
        }
        if (!notAll.isEmpty()) {
            filter = filter.and(instance -> !instance.tags.containsAll(notAll));
        }
        if (!notAny.isEmpty()) {
            filter = filter.and(instance -> notAny.stream().noneMatch(instance.tags::contains));
        }
        return filter;
    }

    private static List<String> tags(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
    }

    private static void equal(MultivaluedMap<String, String> query, String param, String field, List<String> where,
            Map<String, Object> parameters) {
        String value = query.getFirst(param);
        if (value != null) {
            int slash = value.lastIndexOf('/');
            where.add(field + " = :" + param);
            parameters.put(param, slash >= 0 ? value.substring(slash + 1) : value);
        }
    }

    private static String sortKey(String key) {
        if (key == null) {
            return "createdAt";
        }
        if (!SORT_KEYS.contains(key)) {
            throw ComputeError.badRequest("Invalid input for query parameters sort_key. Value: " + key + ".");
        }
        return switch (key) {
            case "display_name", "name" -> "name";
            case "updated_at" -> "updatedAt";
            case "launched_at" -> "launchedAt";
            case "vm_state" -> "vmState";
            case "task_state" -> "taskState";
            case "power_state" -> "powerState";
            case "host" -> "host";
            case "hostname" -> "hostname";
            case "uuid", "id" -> "id";
            default -> "createdAt";
        };
    }

    static Instant time(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw ComputeError.badRequest("Invalid input for query parameters " + field + ". Value: " + value
                        + ". It is not a valid ISO 8601 date-time.");
            }
        }
    }

    private static Pattern regex(String name) {
        try {
            return Pattern.compile(name);
        } catch (PatternSyntaxException e) {
            throw Fields.invalid("name", name, "It is not a valid regular expression.");
        }
    }

    private static String first(MultivaluedMap<String, String> query, String... names) {
        for (String name : names) {
            String value = query.getFirst(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static boolean truthy(String value) {
        return value != null && !value.isEmpty() && !"0".equals(value)
                && !Set.of("false", "off", "no", "f", "n").contains(value.toLowerCase(Locale.ROOT));
    }
}
