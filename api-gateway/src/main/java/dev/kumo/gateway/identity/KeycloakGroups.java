package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keycloak groups as the Keystone facade keeps its records in them: domains, projects and Keystone groups are
 * top-level groups whose names start with their kind ({@code project:}, {@code domain:}, {@code group:}) and
 * whose attributes hold Keystone's fields; a role on a project or domain is a subgroup {@code role:<role id>}
 * holding the role, whose members have it there.
 */
@ApplicationScoped
class KeycloakGroups {

    /** A group: Keycloak's id, its name, its attributes (single values) and its parent, if any. */
    record Group(String id, String name, Map<String, String> attributes, String parentId) {

        String attribute(String key) {
            return attributes.get(key);
        }
    }

    private final KeycloakAdmin admin;

    KeycloakGroups(KeycloakAdmin admin) {
        this.admin = admin;
    }

    /** The top-level groups whose names start with {@code prefix}. */
    List<Group> topLevel(String prefix) {
        HttpResponse<String> response = admin.send("GET", "/groups?briefRepresentation=false&first=0&max=100000"
                + "&search=" + KeycloakAdmin.encode(prefix), null);
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("list groups", response);
        }
        List<Group> groups = new ArrayList<>();
        admin.read(response).forEach(node -> {
            Group group = group(node);
            if (group.name().startsWith(prefix) && group.parentId() == null) {
                groups.add(group);
            }
        });
        return groups;
    }

    Optional<Group> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        HttpResponse<String> response = admin.send("GET", "/groups/" + KeycloakAdmin.encode(id), null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("read a group", response);
        }
        return Optional.of(group(admin.read(response)));
    }

    /** Creates a top-level group; a 409 when one of that name exists. */
    Group create(String name, Map<String, String> attributes, String conflict) {
        HttpResponse<String> created = admin.send("POST", "/groups", representation(name, attributes));
        if (created.statusCode() == 409) {
            throw new IdentityError(409, conflict);
        }
        if (created.statusCode() != 201) {
            throw KeycloakAdmin.unavailable("create a group", created);
        }
        return new Group(KeycloakAdmin.createdId(created), name, attributes, null);
    }

    void update(Group group, String conflict) {
        HttpResponse<String> updated = admin.send("PUT", "/groups/" + group.id(),
                representation(group.name(), group.attributes()));
        if (updated.statusCode() == 409) {
            throw new IdentityError(409, conflict);
        }
        if (updated.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("update a group", updated);
        }
    }

    /** Deletes a group with its subgroups; one already gone is fine. */
    void delete(String id) {
        HttpResponse<String> deleted = admin.send("DELETE", "/groups/" + id, null);
        if (deleted.statusCode() != 204 && deleted.statusCode() != 404) {
            throw KeycloakAdmin.unavailable("delete a group", deleted);
        }
    }

    List<Group> children(String parentId) {
        HttpResponse<String> response = admin.send("GET", "/groups/" + parentId
                + "/children?briefRepresentation=false&first=0&max=100000", null);
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("list subgroups", response);
        }
        List<Group> groups = new ArrayList<>();
        admin.read(response).forEach(group -> groups.add(group(group)));
        return groups;
    }

    Optional<Group> child(String parentId, String name) {
        return children(parentId).stream().filter(group -> group.name().equals(name)).findFirst();
    }

    /** The subgroup of this name, made when missing. */
    Group childOrNew(String parentId, String name, Map<String, String> attributes) {
        Optional<Group> existing = child(parentId, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        HttpResponse<String> created = admin.send("POST", "/groups/" + parentId + "/children",
                representation(name, attributes));
        if (created.statusCode() == 409) {
            return child(parentId, name).orElseThrow(() -> KeycloakAdmin.unavailable("create a subgroup", created));
        }
        if (created.statusCode() != 201) {
            throw KeycloakAdmin.unavailable("create a subgroup", created);
        }
        String id = created.headers().firstValue("Location").isPresent() ? KeycloakAdmin.createdId(created)
                : admin.read(created).path("id").asText();
        return new Group(id, name, attributes, parentId);
    }

    /** Ids of the users in a group; none when the group is gone (a role may still name a deleted group). */
    List<String> members(String groupId) {
        HttpResponse<String> response = admin.send("GET", "/groups/" + groupId
                + "/members?briefRepresentation=true&first=0&max=100000", null);
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("list the members of a group", response);
        }
        List<String> ids = new ArrayList<>();
        admin.read(response).forEach(user -> ids.add(user.path("id").asText()));
        return ids;
    }

    /** The groups a user is a direct member of. */
    List<Group> ofUser(String userId) {
        HttpResponse<String> response = admin.send("GET", "/users/" + KeycloakAdmin.encode(userId)
                + "/groups?briefRepresentation=false&first=0&max=100000", null);
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("list a user's groups", response);
        }
        List<Group> groups = new ArrayList<>();
        admin.read(response).forEach(group -> groups.add(group(group)));
        return groups;
    }

    void join(String userId, String groupId) {
        HttpResponse<String> joined = admin.send("PUT", "/users/" + userId + "/groups/" + groupId, null);
        if (joined.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("add a user to a group", joined);
        }
    }

    void leave(String userId, String groupId) {
        HttpResponse<String> left = admin.send("DELETE", "/users/" + userId + "/groups/" + groupId, null);
        if (left.statusCode() != 204 && left.statusCode() != 404) {
            throw KeycloakAdmin.unavailable("remove a user from a group", left);
        }
    }

    /** Gives a group a role: a realm role, or a client role when {@code clientId} (Keycloak's id) is given. */
    void grant(String groupId, JsonNode role, String clientId) {
        String path = clientId == null ? "/role-mappings/realm" : "/role-mappings/clients/" + clientId;
        HttpResponse<String> granted = admin.send("POST", "/groups/" + groupId + path, List.of(role));
        if (granted.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("give a group a role", granted);
        }
    }

    private static Map<String, Object> representation(String name, Map<String, String> attributes) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            if (value != null) {
                multi.put(key, List.of(value));
            }
        });
        return Map.of("name", name, "attributes", multi);
    }

    private static Group group(JsonNode group) {
        Map<String, String> attributes = new LinkedHashMap<>();
        group.path("attributes").fields().forEachRemaining(field -> attributes.put(field.getKey(),
                field.getValue().path(0).asText(null)));
        String parent = group.path("parentId").asText(null);
        return new Group(group.path("id").asText(), group.path("name").asText(), attributes,
                parent == null || parent.isEmpty() ? null : parent);
    }
}
