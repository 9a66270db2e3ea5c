package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keystone's users are Keycloak's users of the realm (service accounts left out). Keystone's fields that
 * Keycloak has no place for are user attributes: the name as given ({@code keystone_name}; Keycloak
 * lower-cases user names), {@code domain_id}, {@code description}, and the default project as
 * {@code project_id}/{@code project_name}, the attributes every token carries.
 */
@ApplicationScoped
class Users {

    /** Keycloak's user profile wants an email: users created without one get one that is never shown. */
    private static final String PLACEHOLDER_EMAIL_DOMAIN = "@users.kumo.invalid";

    record User(String id, String name, String domainId, boolean enabled, String email, String description,
            String projectId, String projectName) {
    }

    private final KeycloakAdmin admin;

    Users(KeycloakAdmin admin) {
        this.admin = admin;
    }

    List<User> list() {
        HttpResponse<String> response = admin.send("GET", "/users?briefRepresentation=false&first=0&max=100000",
                null);
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("list users", response);
        }
        List<User> users = new ArrayList<>();
        admin.read(response).forEach(user -> {
            if (!user.path("username").asText().startsWith("service-account-")) {
                users.add(user(user));
            }
        });
        return users;
    }

    Optional<User> user(String id) {
        return representation(id).map(Users::user);
    }

    /** Keycloak's user name of a user (what its password grant takes), if the user exists. */
    Optional<String> username(String id) {
        return representation(id).map(user -> user.path("username").asText());
    }

    /** Keycloak's user name of the user whose Keystone name this is (after a rename they differ). */
    Optional<String> usernameOfRenamed(String keystoneName) {
        HttpResponse<String> response = admin.send("GET", "/users?briefRepresentation=false&first=0&max=2&q="
                + KeycloakAdmin.encode("keystone_name:" + keystoneName), null);
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("find a user by name", response);
        }
        JsonNode found = admin.read(response);
        return found.size() == 1 ? Optional.of(found.get(0).path("username").asText()) : Optional.empty();
    }

    /** A user whose default project is this one, if any. */
    Optional<User> withProject(String projectId) {
        HttpResponse<String> response = admin.send("GET", "/users?briefRepresentation=false&first=0&max=1&q="
                + KeycloakAdmin.encode("project_id:" + projectId), null);
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("find a project's users", response);
        }
        JsonNode found = admin.read(response);
        return found.isEmpty() ? Optional.empty() : Optional.of(user(found.get(0)));
    }

    User require(String id) {
        return user(id).orElseThrow(() -> IdentityError.notFound("Could not find user: " + id + "."));
    }

    User create(String name, String password, String domainId, boolean enabled, String email, String description,
            String projectId, String projectName) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", name);
        user.put("enabled", enabled);
        user.put("email", email == null ? UUID.randomUUID() + PLACEHOLDER_EMAIL_DOMAIN : email);
        user.put("emailVerified", true);
        user.put("firstName", "Keystone");
        user.put("lastName", "User");
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("keystone_name", List.of(name));
        attributes.put("domain_id", List.of(domainId));
        if (description != null) {
            attributes.put("description", List.of(description));
        }
        if (projectId != null) {
            attributes.put("project_id", List.of(projectId));
            attributes.put("project_name", List.of(projectName));
        }
        user.put("attributes", attributes);
        if (password != null) {
            user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        }
        HttpResponse<String> created = admin.send("POST", "/users", user);
        if (created.statusCode() == 409) {
            throw new IdentityError(409, "Conflict occurred attempting to store user - Duplicate entry found with"
                    + " name " + name + " at domain ID " + domainId + ".");
        }
        if (created.statusCode() == 400) {
            throw IdentityError.badRequest("Invalid user: " + KeycloakAdmin.errorOf(created, admin) + ".");
        }
        if (created.statusCode() != 201) {
            throw KeycloakAdmin.unavailable("create a user", created);
        }
        return require(KeycloakAdmin.createdId(created));
    }

    /** Changes what is given (null: unchanged); a blank project clears the default project. */
    User update(String id, String name, Boolean enabled, String email, String description, String projectId,
            String projectName) {
        ObjectNode user = (ObjectNode) representation(id)
                .orElseThrow(() -> IdentityError.notFound("Could not find user: " + id + "."));
        ObjectNode attributes = user.path("attributes").isObject() ? (ObjectNode) user.path("attributes")
                : user.putObject("attributes");
        if (name != null) {
            // the realm does not let user names change (editUsernameAllowed): the Keystone name is an attribute
            attributes.putArray("keystone_name").add(name);
        }
        if (enabled != null) {
            user.put("enabled", enabled);
        }
        if (email != null) {
            user.put("email", email);
        }
        if (description != null) {
            attributes.putArray("description").add(description);
        }
        if (projectId != null) {
            if (projectId.isBlank()) {
                attributes.remove("project_id");
                attributes.remove("project_name");
            } else {
                attributes.putArray("project_id").add(projectId);
                attributes.putArray("project_name").add(projectName);
            }
        }
        HttpResponse<String> updated = admin.send("PUT", "/users/" + KeycloakAdmin.encode(id), user);
        if (updated.statusCode() == 409) {
            throw new IdentityError(409, "Conflict occurred attempting to update user - Duplicate entry found"
                    + " with name " + name + ".");
        }
        if (updated.statusCode() == 400) {
            throw IdentityError.badRequest("Invalid user: " + KeycloakAdmin.errorOf(updated, admin) + ".");
        }
        if (updated.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("update a user", updated);
        }
        return require(id);
    }

    void setPassword(String id, String password) {
        HttpResponse<String> reset = admin.send("PUT", "/users/" + KeycloakAdmin.encode(id) + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", false));
        if (reset.statusCode() == 400) {
            throw IdentityError.badRequest("Invalid password: " + KeycloakAdmin.errorOf(reset, admin) + ".");
        }
        if (reset.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("set a user's password", reset);
        }
    }

    void delete(String id) {
        HttpResponse<String> deleted = admin.send("DELETE", "/users/" + KeycloakAdmin.encode(id), null);
        if (deleted.statusCode() == 404) {
            throw IdentityError.notFound("Could not find user: " + id + ".");
        }
        if (deleted.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("delete a user", deleted);
        }
    }

    private Optional<JsonNode> representation(String id) {
        HttpResponse<String> response = admin.send("GET", "/users/" + KeycloakAdmin.encode(id), null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("read a user", response);
        }
        JsonNode user = admin.read(response);
        return user.path("username").asText().startsWith("service-account-") ? Optional.empty() : Optional.of(user);
    }

    private static User user(JsonNode user) {
        JsonNode attributes = user.path("attributes");
        String email = user.path("email").asText(null);
        return new User(user.path("id").asText(),
                attributes.path("keystone_name").path(0).asText(user.path("username").asText()),
                attributes.path("domain_id").path(0).asText(PasswordAuthRequest.DEFAULT_DOMAIN_ID),
                user.path("enabled").asBoolean(false),
                email == null || email.endsWith(PLACEHOLDER_EMAIL_DOMAIN) ? null : email,
                attributes.path("description").path(0).asText(null),
                attributes.path("project_id").path(0).asText(null),
                attributes.path("project_name").path(0).asText(null));
    }
}
