package dev.kumo.gateway.identity;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
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
 * Keystone's projects as far as a token sees them: each user works in one project (their token's). A project is shown to those scoped to it; another project
 * is forbidden to a non-admin (as in Keystone) and not found for an admin (Kumo keeps no project registry).
 */
@Path("/identity/v3/projects")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ProjectResource {

    private final Caller caller;

    @Context
    UriInfo uri;

    public ProjectResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> project(@PathParam("id") String id, @HeaderParam("X-Auth-Token") String token) {
        TokenClaims claims = TokenClaims.of(token);
        if (id.equals(claims.projectId())) {
            return Map.of("project", body(claims.projectId(), claims.projectName(), uri));
        }
        if (!caller.isAdmin()) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: "
                    + "identity:get_project.");
        }
        throw IdentityError.notFound("Could not find project: " + id + ".");
    }

    /** Projects live in Keycloak and are not deleted through Kumo: one not found is a 404, the caller's a 403. */
    @DELETE
    @Path("/{id}")
    public Map<String, Object> delete(@PathParam("id") String id, @HeaderParam("X-Auth-Token") String token) {
        if (!caller.isAdmin() || id.equals(TokenClaims.of(token).projectId())) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: "
                    + "identity:delete_project.");
        }
        throw IdentityError.notFound("Could not find project: " + id + ".");
    }

    /** Keystone's project body. */
    static Map<String, Object> body(String id, String name, UriInfo uri) {
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("id", id);
        project.put("name", name);
        project.put("domain_id", PasswordAuthRequest.DEFAULT_DOMAIN_ID);
        project.put("description", "");
        project.put("enabled", true);
        project.put("is_domain", false);
        project.put("parent_id", PasswordAuthRequest.DEFAULT_DOMAIN_ID);
        project.put("tags", List.of());
        project.put("options", Map.of());
        project.put("links", KeystoneLinks.self(uri, "/identity/v3/projects/" + id));
        return project;
    }
}
