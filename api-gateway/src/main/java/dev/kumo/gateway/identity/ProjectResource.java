package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.identity.Assignments.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystone's projects: the caller's own (from the token) for anyone scoped to it; the projects admins create,
 * kept in Keycloak (see {@link Projects}), for admins, with the roles users and groups hold on them. A
 * non-admin asking for another project is forbidden, as in Keystone.
 */
@Path("/identity/v3/projects")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ProjectResource {

    private final Caller caller;
    private final Projects projects;
    private final RoleGrants grants;

    @Context
    UriInfo uri;

    public ProjectResource(Caller caller, Projects projects, RoleGrants grants) {
        this.caller = caller;
        this.projects = projects;
        this.grants = grants;
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId,
            @QueryParam("enabled") String enabled, @QueryParam("parent_id") String parentId,
            @QueryParam("is_domain") String isDomain) {
        requireAdmin("identity:list_projects");
        List<Map<String, Object>> found = "true".equalsIgnoreCase(isDomain) ? List.of()
                : projects.projects(domainId).stream()
                        .filter(project -> name == null || project.name().equals(name))
                        .filter(project -> enabled == null
                                || project.enabled() == !enabled.equalsIgnoreCase("false"))
                        .filter(project -> parentId == null || parentId.equals(project.parentId()))
                        .map(project -> body(project, uri)).toList();
        return Map.of("projects", found, "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        requireAdmin("identity:create_project");
        JsonNode project = KeystoneRequest.object(body, "project");
        String name = KeystoneRequest.required(project, "name", 64);
        String domainId = KeystoneRequest.text(project, "domain_id");
        String parentId = KeystoneRequest.text(project, "parent_id");
        if (parentId != null && !parentId.equals(domainId)) {
            Projects.Project parent = projects.project(parentId).orElseThrow(() -> IdentityError.notFound(
                    "Could not find project: " + parentId + "."));
            if (domainId != null && !domainId.equals(parent.domainId())) {
                throw IdentityError.badRequest("Cannot create project, the parent is in another domain.");
            }
            domainId = parent.domainId();
        }
        if (domainId == null) {
            domainId = PasswordAuthRequest.DEFAULT_DOMAIN_ID;
        }
        Projects.Domain domain = projects.domain(domainId).orElseThrow(() -> IdentityError.notFound(
                "Could not find domain: " + project.path("domain_id").asText() + "."));
        Boolean enabled = KeystoneRequest.bool(project, "enabled");
        Projects.Project created = projects.createProject(name, domain.id(),
                KeystoneRequest.text(project, "description"), enabled == null || enabled,
                parentId == null ? domain.id() : parentId);
        return Response.status(201).entity(Map.of("project", body(created, uri))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> project(@PathParam("id") String id, @HeaderParam("X-Auth-Token") String token) {
        if (!caller.isAdmin()) {
            TokenClaims claims = TokenClaims.of(token);
            if (!id.equals(claims.projectId())) {
                throw IdentityError.forbidden("identity:get_project");
            }
            return Map.of("project", body(claims.projectId(), claims.projectName(), uri));
        }
        TokenClaims claims = TokenClaims.of(token);
        return Map.of("project", projects.project(id).map(project -> body(project, uri)).orElseGet(() -> {
            if (id.equals(claims.projectId())) {
                return body(claims.projectId(), claims.projectName(), uri);
            }
            throw IdentityError.notFound("Could not find project: " + id + ".");
        }));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        requireAdmin("identity:update_project");
        JsonNode changes = KeystoneRequest.object(body, "project");
        Projects.Project project = projects.requireProject(id);
        requireStored(project);
        String domainId = KeystoneRequest.text(changes, "domain_id");
        if (domainId != null && !domainId.equals(project.domainId())) {
            throw IdentityError.badRequest("Cannot change the domain of a project.");
        }
        String name = KeystoneRequest.text(changes, "name");
        if (name != null) {
            name = KeystoneRequest.required(changes, "name", 64);
        }
        Boolean enabled = KeystoneRequest.bool(changes, "enabled");
        Projects.Project updated = projects.updateProject(new Projects.Project(project.id(),
                name == null ? project.name() : name, project.domainId(),
                changes.has("description") ? KeystoneRequest.text(changes, "description") : project.description(),
                enabled == null ? project.enabled() : enabled, project.parentId()));
        return Map.of("project", body(updated, uri));
    }

    /** Deletes a project an admin created; one defined by its users' attributes is a 403. */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        requireAdmin("identity:delete_project");
        requireStored(projects.requireProject(id));
        projects.deleteProject(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles")
    public Map<String, Object> roles(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId) {
        return grants.list(caller, Scope.project(id), actor, actorId, uri);
    }

    @PUT
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response grant(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.grant(caller, Scope.project(id), actor, actorId, roleId);
    }

    @HEAD
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response checkHead(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.check(caller, Scope.project(id), actor, actorId, roleId);
    }

    @GET
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response check(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.check(caller, Scope.project(id), actor, actorId, roleId);
    }

    @DELETE
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response revoke(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.revoke(caller, Scope.project(id), actor, actorId, roleId);
    }

    private void requireStored(Projects.Project project) {
        if (projects.onlyInUsers(project)) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: the project "
                    + project.id() + " is defined by its users' attributes in Keycloak.");
        }
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    static Map<String, Object> body(Projects.Project project, UriInfo uri) {
        Map<String, Object> body = body(project.id(), project.name(), uri);
        body.put("domain_id", project.domainId());
        body.put("description", project.description() == null ? "" : project.description());
        body.put("enabled", project.enabled());
        body.put("parent_id", project.parentId());
        return body;
    }

    /** Keystone's project body, for a project known only by its id and name. */
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
