package dev.kumo.gateway.identity;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystone's users as Keystone's default policy lets one see them: a user reads themself (from their token)
 * and the projects they can scope to; an admin reads any user (from Keycloak); anyone else is forbidden.
 */
@Path("/identity/v3/users/{user_id}")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class UserResource {

    private final Caller caller;
    private final KeycloakAdmin admin;

    @Context
    UriInfo uri;

    public UserResource(Caller caller, KeycloakAdmin admin) {
        this.caller = caller;
        this.admin = admin;
    }

    @GET
    public Map<String, Object> user(@PathParam("user_id") String userId, @HeaderParam("X-Auth-Token") String token) {
        TokenClaims claims = TokenClaims.of(token);
        if (userId.equals(claims.userId())) {
            return Map.of("user", body(claims.userId(), claims.userName(), true, claims.projectId()));
        }
        requireAdmin("identity:get_user");
        KeycloakAdmin.User user = admin.user(userId)
                .orElseThrow(() -> IdentityError.notFound("Could not find user: " + userId + "."));
        return Map.of("user", body(user.id(), user.name(), user.enabled(), user.projectId()));
    }

    @GET
    @Path("/projects")
    public Map<String, Object> projects(@PathParam("user_id") String userId,
            @HeaderParam("X-Auth-Token") String token) {
        TokenClaims claims = TokenClaims.of(token);
        String projectId;
        String projectName;
        if (userId.equals(claims.userId())) {
            projectId = claims.projectId();
            projectName = claims.projectName();
        } else {
            requireAdmin("identity:list_user_projects");
            KeycloakAdmin.User user = admin.user(userId)
                    .orElseThrow(() -> IdentityError.notFound("Could not find user: " + userId + "."));
            projectId = user.projectId();
            projectName = user.projectName();
        }
        return Map.of("projects", projectId == null ? List.of() : List.of(ProjectResource.body(projectId,
                projectName, uri)), "links", KeystoneLinks.collection(uri));
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: " + policy + ".");
        }
    }

    private Map<String, Object> body(String id, String name, boolean enabled, String defaultProjectId) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("name", name);
        user.put("domain_id", PasswordAuthRequest.DEFAULT_DOMAIN_ID);
        user.put("enabled", enabled);
        if (defaultProjectId != null) {
            user.put("default_project_id", defaultProjectId);
        }
        user.put("password_expires_at", null);
        user.put("options", Map.of());
        user.put("links", KeystoneLinks.self(uri, "/identity/v3/users/" + id));
        return user;
    }
}
