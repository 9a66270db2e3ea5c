package dev.kumo.network.api;

import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The attributes of one resource in a request body ({@code {"network": {...}}}), read with Neutron's validation:
 * a value of the wrong type, an unknown attribute or a read-only one is a 400 that names the attribute.
 */
public final class Attributes {

    public static final int NAME_LENGTH = 255;

    private final String resource;
    private final Map<String, Object> values;

    private Attributes(String resource, Map<String, Object> values) {
        this.resource = resource;
        this.values = values;
    }

    /** The body's one resource: {@code {"<resource>": {...}}}. */
    public static Attributes single(Map<String, Object> body, String resource) {
        if (body == null || !(body.get(resource) instanceof Map<?, ?> attributes)) {
            throw NeutronError.badRequest("Resource body required: {\"" + resource + "\": {...}}.");
        }
        return new Attributes(resource, cast(attributes));
    }

    /** One resource or many (Neutron's bulk create: {@code {"<collection>": [{...}, ...]}}). */
    public static List<Attributes> bulk(Map<String, Object> body, String resource, String collection) {
        if (body != null && body.get(collection) instanceof List<?> items) {
            if (items.isEmpty()) {
                throw NeutronError.badRequest("Resources required: " + collection + " is empty.");
            }
            List<Attributes> all = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> attributes)) {
                    throw NeutronError.badRequest("Each item of " + collection + " must be an object.");
                }
                all.add(new Attributes(resource, cast(attributes)));
            }
            return all;
        }
        return List.of(single(body, resource));
    }

    public String resource() {
        return resource;
    }

    /** Rejects attributes other than these: "Unrecognized attribute(s) 'x'". */
    public Attributes allowOnly(Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw NeutronError.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        return this;
    }

    /** Rejects an update of attributes that are set once, at creation. */
    public Attributes readOnly(String... names) {
        for (String name : names) {
            if (values.containsKey(name)) {
                throw NeutronError.badRequest("Cannot update read-only attribute " + name);
            }
        }
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Object raw(String name) {
        return values.get(name);
    }

    public String string(String name) {
        return string(name, NAME_LENGTH);
    }

    public String string(String name, int maxLength) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw NeutronError.invalidInput(name, "'" + value + "' is not a valid string");
        }
        if (text.length() > maxLength) {
            throw NeutronError.invalidInput(name, "'" + text + "' exceeds maximum length of " + maxLength);
        }
        return text;
    }

    public String string(String name, String otherwise) {
        String value = string(name);
        return value == null ? otherwise : value;
    }

    /** Neutron converts "true"/"false" (any case) as well as JSON booleans. */
    public Boolean bool(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw NeutronError.invalidInput(name, "'" + value + "' cannot be converted to boolean");
    }

    public boolean bool(String name, boolean otherwise) {
        Boolean value = bool(name);
        return value == null ? otherwise : value;
    }

    public Integer integer(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer number) {
            return number;
        }
        if (value instanceof String text && text.matches("-?\\d{1,9}")) {
            return Integer.parseInt(text);
        }
        throw NeutronError.invalidInput(name, "'" + value + "' is not an integer");
    }

    public UUID uuid(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        return Ids.parse(name, value);
    }

    public UUID requiredUuid(String name) {
        UUID id = uuid(name);
        if (id == null) {
            throw NeutronError.badRequest("Failed to parse request. Required attribute '" + name + "' not specified");
        }
        return id;
    }

    public List<Object> list(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> items)) {
            throw NeutronError.invalidInput(name, "'" + value + "' is not a list");
        }
        return new ArrayList<>(items);
    }

    public Map<String, Object> object(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw NeutronError.invalidInput(name, "'" + value + "' is not a dictionary");
        }
        return cast(map);
    }

    /**
     * The project a new resource belongs to: the caller's, unless an admin names another in
     * {@code project_id} or {@code tenant_id} (which must agree when both are given).
     */
    public String owner(Caller caller) {
        String project = string("project_id");
        String tenant = string("tenant_id");
        if (project != null && tenant != null && !project.equals(tenant)) {
            throw NeutronError.badRequest("'project_id' and 'tenant_id' do not match");
        }
        String named = project != null ? project : tenant;
        if (named == null || named.equals(caller.projectId())) {
            return caller.projectId();
        }
        if (!caller.isAdmin()) {
            throw NeutronError.badRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project"
                    + " in request requires admin privileges");
        }
        return named;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
