package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keystone's users, which are Keycloak's (see {@link Users}), as Keystone's default policy lets one see
 * them: a user reads themself (from their token), the projects they can scope to and their groups, and
 * changes their own password; admins list, create, read, change and delete any user.
 */
@Path("/identity/v3/users")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class UserResource {

    private final Caller caller;
    private final Users users;
    private final Projects projects;
    private final Assignments assignments;
    private final Groups groups;
    private final Keycloak keycloak;

    @Context
    UriInfo uri;

    public UserResource(Caller caller, Users users, Projects projects, Assignments assignments, Groups groups,
            Keycloak keycloak) {
        this.caller = caller;
        this.users = users;
        this.projects = projects;
        this.assignments = assignments;
        this.groups = groups;
        this.keycloak = keycloak;
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId,
            @QueryParam("enabled") String enabled) {
        requireAdmin("identity:list_users");
        return Map.of("users", users.list().stream()
                .filter(user -> name == null || user.name().equals(name))
                .filter(user -> domainId == null || user.domainId().equals(domainId))
                .filter(user -> enabled == null || user.enabled() == !enabled.equalsIgnoreCase("false"))
                .map(user -> body(user, uri)).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        requireAdmin("identity:create_user");
        JsonNode user = KeystoneRequest.object(body, "user");
        String name = KeystoneRequest.required(user, "name");
        String domainId = KeystoneRequest.text(user, "domain_id");
        Projects.Domain domain = projects.requireDomain(domainId == null ? PasswordAuthRequest.DEFAULT_DOMAIN_ID
                : domainId);
        String projectId = KeystoneRequest.text(user, "default_project_id");
        if (projectId == null) {
            projectId = KeystoneRequest.text(user, "project_id");
        }
        String projectName = null;
        if (projectId != null) {
            projectName = projects.requireProject(projectId).name();
        }
        Boolean enabled = KeystoneRequest.bool(user, "enabled");
        Users.User created = users.create(name, KeystoneRequest.text(user, "password"), domain.id(),
                enabled == null || enabled, KeystoneRequest.text(user, "email"),
                KeystoneRequest.text(user, "description"), projectId, projectName);
        return Response.status(201).entity(Map.of("user", body(created, uri))).build();
    }

    @GET
    @Path("/{user_id}")
    public Map<String, Object> user(@PathParam("user_id") String userId, @HeaderParam("X-Auth-Token") String token) {
        TokenClaims claims = TokenClaims.of(token);
        if (userId.equals(claims.userId()) && !caller.isAdmin()) {
            return Map.of("user", body(new Users.User(claims.userId(), claims.userName(),
                    PasswordAuthRequest.DEFAULT_DOMAIN_ID, true, null, null, claims.projectId(),
                    claims.projectName()), uri));
        }
        requireAdmin("identity:get_user");
        return Map.of("user", body(users.require(userId), uri));
    }

    @PATCH
    @Path("/{user_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("user_id") String userId, JsonNode body) {
        requireAdmin("identity:update_user");
        JsonNode changes = KeystoneRequest.object(body, "user");
        users.require(userId);
        String projectField = changes.has("default_project_id") ? "default_project_id" : "project_id";
        String projectId = KeystoneRequest.text(changes, projectField);
        String projectName = null;
        if (projectId != null) {
            projectName = projects.requireProject(projectId).name();
        } else if (changes.has(projectField)) {
            projectId = "";
        }
        String name = KeystoneRequest.text(changes, "name");
        if (name != null && name.isBlank()) {
            throw IdentityError.badRequest("Invalid input for field 'name': a value is required.");
        }
        Users.User updated = users.update(userId, name, KeystoneRequest.bool(changes, "enabled"),
                KeystoneRequest.text(changes, "email"), KeystoneRequest.text(changes, "description"), projectId,
                projectName);
        String password = KeystoneRequest.text(changes, "password");
        if (password != null) {
            users.setPassword(userId, password);
        }
        return Map.of("user", body(updated, uri));
    }

    @DELETE
    @Path("/{user_id}")
    public Response delete(@PathParam("user_id") String userId) {
        requireAdmin("identity:delete_user");
        users.delete(userId);
        return Response.noContent().build();
    }

    /**
     * A user changes their password; knowing the current one is the proof, so, as in Keystone, no token is
     * needed (an expired password could not get one).
     */
    @POST
    @Path("/{user_id}/password")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@PathParam("user_id") String userId, JsonNode body) {
        JsonNode user = KeystoneRequest.object(body, "user");
        String original = KeystoneRequest.required(user, "original_password");
        String password = KeystoneRequest.required(user, "password");
        keycloak.passwordGrant(users.username(userId).orElseThrow(IdentityError::unauthorized), original);
        users.setPassword(userId, password);
        return Response.noContent().build();
    }

    /** The projects the user may scope to: their default project and those they hold a role on. */
    @GET
    @Path("/{user_id}/projects")
    public Map<String, Object> projects(@PathParam("user_id") String userId,
            @HeaderParam("X-Auth-Token") String token) {
        TokenClaims claims = TokenClaims.of(token);
        if (userId.equals(claims.userId()) && !caller.isAdmin()) {
            return Map.of("projects", claims.projectId() == null ? List.of()
                    : List.of(ProjectResource.body(claims.projectId(), claims.projectName(), uri)),
                    "links", KeystoneLinks.collection(uri));
        }
        requireAdmin("identity:list_user_projects");
        Users.User user = users.require(userId);
        Set<String> ids = new LinkedHashSet<>();
        List<Map<String, Object>> found = new ArrayList<>();
        for (Assignments.Assignment assignment : assignments.ofUser(userId)) {
            String projectId = assignment.scope().projectId();
            if (projectId != null && ids.add(projectId)) {
                projects.project(projectId).ifPresent(project -> found.add(ProjectResource.body(project, uri)));
            }
        }
        if (user.projectId() != null && ids.add(user.projectId()) && projects.project(user.projectId()).isEmpty()) {
            found.add(ProjectResource.body(user.projectId(), user.projectName(), uri));
        }
        return Map.of("projects", found, "links", KeystoneLinks.collection(uri));
    }

    @GET
    @Path("/{user_id}/groups")
    public Map<String, Object> groups(@PathParam("user_id") String userId, @HeaderParam("X-Auth-Token") String token) {
        if (!userId.equals(TokenClaims.of(token).userId())) {
            requireAdmin("identity:list_groups_for_user");
        }
        users.require(userId);
        return Map.of("groups", groups.ofUser(userId).stream().map(group -> GroupResource.body(group, uri)).toList(),
                "links", KeystoneLinks.collection(uri));
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    static Map<String, Object> body(Users.User user, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", user.id());
        body.put("name", user.name());
        body.put("domain_id", user.domainId());
        body.put("enabled", user.enabled());
        if (user.projectId() != null) {
            body.put("default_project_id", user.projectId());
            // Keystone echoes the v2-style project_id that Tempest and older clients send
            body.put("project_id", user.projectId());
        }
        if (user.email() != null) {
            body.put("email", user.email());
        }
        if (user.description() != null) {
            body.put("description", user.description());
        }
        body.put("password_expires_at", null);
        body.put("options", Map.of());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/users/" + user.id()));
        return body;
    }
}
