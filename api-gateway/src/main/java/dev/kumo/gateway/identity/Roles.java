package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keystone's roles: Kumo's three realm roles ({@code admin}, {@code member}, {@code reader}, whose ids are
 * their names and which mean something to every service), and roles created through the API, which are
 * client roles of the gateway's own client in Keycloak (its service account may manage clients, not the
 * realm) and whose ids are Keycloak's without dashes.
 */
@ApplicationScoped
class Roles {

    static final List<String> BUILT_IN = List.of(Caller.ADMIN, Caller.MEMBER, Caller.READER);

    /** A role, and where Keycloak keeps it: {@code clientUuid} is null for a realm role. */
    record Role(String id, String name, String domainId, String description, JsonNode keycloak,
            String clientUuid) {
    }

    private final KeycloakAdmin admin;
    private final String gatewayClientId;
    private volatile String gatewayClientUuid;

    Roles(KeycloakAdmin admin, @ConfigProperty(name = "kumo.identity.gateway-client-id") String gatewayClientId) {
        this.admin = admin;
        this.gatewayClientId = gatewayClientId;
    }

    List<Role> list() {
        List<Role> roles = new ArrayList<>();
        for (String name : BUILT_IN) {
            builtIn(name).ifPresent(roles::add);
        }
        HttpResponse<String> response = admin.send("GET", "/clients/" + clientUuid()
                + "/roles?briefRepresentation=false&first=0&max=100000", null);
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("list roles", response);
        }
        admin.read(response).forEach(role -> roles.add(custom(role)));
        return roles;
    }

    Optional<Role> role(String id) {
        if (BUILT_IN.contains(id)) {
            return builtIn(id);
        }
        String uuid = KeystoneIds.keycloak(id);
        if (uuid == null) {
            return Optional.empty();
        }
        HttpResponse<String> response = admin.send("GET", "/roles-by-id/" + uuid, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("read a role", response);
        }
        JsonNode role = admin.read(response);
        if (!role.path("clientRole").asBoolean() || !clientUuid().equals(role.path("containerId").asText())) {
            return Optional.empty();
        }
        return Optional.of(custom(role));
    }

    Role require(String id) {
        return role(id).orElseThrow(() -> IdentityError.notFound("Could not find role: " + id + "."));
    }

    Role create(String name, String domainId, String description) {
        if (BUILT_IN.stream().anyMatch(name::equalsIgnoreCase)) {
            throw duplicate(name);
        }
        HttpResponse<String> created = admin.send("POST", "/clients/" + clientUuid() + "/roles",
                representation(name, domainId, description));
        if (created.statusCode() == 409) {
            throw duplicate(name);
        }
        if (created.statusCode() != 201) {
            throw KeycloakAdmin.unavailable("create a role", created);
        }
        HttpResponse<String> read = admin.send("GET", "/clients/" + clientUuid() + "/roles/"
                + KeycloakAdmin.encode(name), null);
        if (read.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("read a new role", read);
        }
        return custom(admin.read(read));
    }

    Role update(Role role, String name, String description) {
        if (role.clientUuid() == null) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: the role "
                    + role.name() + " is built in.");
        }
        HttpResponse<String> updated = admin.send("PUT", "/roles-by-id/" + KeystoneIds.keycloak(role.id()),
                representation(name == null ? role.name() : name, role.domainId(),
                        description == null ? role.description() : description));
        if (updated.statusCode() == 409) {
            throw duplicate(name);
        }
        if (updated.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("update a role", updated);
        }
        return require(role.id());
    }

    void delete(Role role) {
        if (role.clientUuid() == null) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: the role "
                    + role.name() + " is built in.");
        }
        HttpResponse<String> deleted = admin.send("DELETE", "/roles-by-id/" + KeystoneIds.keycloak(role.id()), null);
        if (deleted.statusCode() != 204 && deleted.statusCode() != 404) {
            throw KeycloakAdmin.unavailable("delete a role", deleted);
        }
    }

    /** The roles this role implies (its composites in Keycloak, so tokens carry them too). */
    List<Role> implied(Role prior) {
        HttpResponse<String> response = admin.send("GET", "/roles-by-id/" + keycloakId(prior) + "/composites",
                null);
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("read the roles a role implies", response);
        }
        List<Role> implied = new ArrayList<>();
        admin.read(response).forEach(role -> {
            if (!role.path("clientRole").asBoolean()) {
                if (BUILT_IN.contains(role.path("name").asText())) {
                    implied.add(new Role(role.path("name").asText(), role.path("name").asText(), null,
                            role.path("description").asText(null), role, null));
                }
            } else if (clientUuid().equals(role.path("containerId").asText())) {
                implied.add(custom(role));
            }
        });
        return implied;
    }

    void imply(Role prior, Role implied) {
        changeComposites("POST", prior, implied);
    }

    void stopImplying(Role prior, Role implied) {
        changeComposites("DELETE", prior, implied);
    }

    private void changeComposites(String method, Role prior, Role implied) {
        if (prior.clientUuid() == null) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: the role "
                    + prior.name() + " is built in; what it implies is set in Keycloak.");
        }
        if (method.equals("POST") && implied.domainId() != null) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: the role "
                    + implied.name() + " is domain-specific and cannot be implied.");
        }
        if (prior.id().equals(implied.id())) {
            throw IdentityError.badRequest("A role cannot imply itself.");
        }
        HttpResponse<String> changed = admin.send(method, "/roles-by-id/" + keycloakId(prior) + "/composites",
                List.of(implied.keycloak()));
        if (changed.statusCode() != 204) {
            throw KeycloakAdmin.unavailable("change the roles a role implies", changed);
        }
    }

    private static String keycloakId(Role role) {
        return role.keycloak().path("id").asText();
    }

    private Optional<Role> builtIn(String name) {
        HttpResponse<String> response = admin.send("GET", "/roles/" + name, null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw KeycloakAdmin.unavailable("read the realm role " + name, response);
        }
        JsonNode role = admin.read(response);
        return Optional.of(new Role(name, name, null, role.path("description").asText(null), role, null));
    }

    private Role custom(JsonNode role) {
        return new Role(KeystoneIds.of(role.path("id").asText()), role.path("name").asText(),
                role.path("attributes").path("domain_id").path(0).asText(null),
                role.path("description").asText(null), role, clientUuid());
    }

    private static Map<String, Object> representation(String name, String domainId, String description) {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("name", name);
        role.put("description", description == null ? "" : description);
        role.put("attributes", domainId == null ? Map.of() : Map.of("domain_id", List.of(domainId)));
        return role;
    }

    private static IdentityError duplicate(String name) {
        return new IdentityError(409, "Conflict occurred attempting to store role - Duplicate entry found with"
                + " name " + name + ".");
    }

    private String clientUuid() {
        if (gatewayClientUuid == null) {
            HttpResponse<String> response = admin.send("GET", "/clients?clientId="
                    + KeycloakAdmin.encode(gatewayClientId), null);
            if (response.statusCode() != 200 || admin.read(response).isEmpty()) {
                throw KeycloakAdmin.unavailable("find the gateway's client " + gatewayClientId, response);
            }
            gatewayClientUuid = admin.read(response).path(0).path("id").asText();
        }
        return gatewayClientUuid;
    }
}
