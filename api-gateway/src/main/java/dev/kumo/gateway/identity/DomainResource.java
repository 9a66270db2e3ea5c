package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.identity.Assignments.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
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
 * Keystone's domains: {@code Default}, built in, and those admins create (kept in Keycloak, see
 * {@link Projects}). Anyone reads the default domain; everything else is for admins. A domain is deleted
 * once disabled, with its projects, users and groups.
 */
@Path("/identity/v3/domains")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DomainResource {

    private final Caller caller;
    private final Projects projects;
    private final Users users;
    private final Groups groups;
    private final RoleGrants grants;

    @Context
    UriInfo uri;

    public DomainResource(Caller caller, Projects projects, Users users, Groups groups, RoleGrants grants) {
        this.grants = grants;
        this.caller = caller;
        this.projects = projects;
        this.users = users;
        this.groups = groups;
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("enabled") String enabled) {
        requireAdmin("identity:list_domains");
        return Map.of("domains", projects.domains().stream()
                .filter(domain -> name == null || domain.name().equals(name))
                .filter(domain -> enabled == null || domain.enabled() == !enabled.equalsIgnoreCase("false"))
                .map(domain -> body(domain, uri)).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        requireAdmin("identity:create_domain");
        JsonNode domain = KeystoneRequest.object(body, "domain");
        Boolean enabled = KeystoneRequest.bool(domain, "enabled");
        Projects.Domain created = projects.createDomain(KeystoneRequest.required(domain, "name", 64),
                KeystoneRequest.text(domain, "description"), enabled == null || enabled);
        return Response.status(201).entity(Map.of("domain", body(created, uri))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> domain(@PathParam("id") String id) {
        Projects.Domain domain = projects.requireDomain(id);
        if (domain != Projects.DEFAULT) {
            requireAdmin("identity:get_domain");
        }
        return Map.of("domain", body(domain, uri));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        requireAdmin("identity:update_domain");
        JsonNode changes = KeystoneRequest.object(body, "domain");
        Projects.Domain domain = projects.requireDomain(id);
        if (domain == Projects.DEFAULT) {
            throw IdentityError.forbidden("identity:update_domain (the default domain is built in)");
        }
        String name = KeystoneRequest.text(changes, "name");
        String description = KeystoneRequest.text(changes, "description");
        Boolean enabled = KeystoneRequest.bool(changes, "enabled");
        Projects.Domain updated = projects.updateDomain(new Projects.Domain(domain.id(),
                name == null ? domain.name() : name, changes.has("description") ? description : domain.description(),
                enabled == null ? domain.enabled() : enabled));
        return Map.of("domain", body(updated, uri));
    }

    /** The default domain cannot go; another goes once disabled, with its projects, users and groups. */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        requireAdmin("identity:delete_domain");
        if (id.equals(PasswordAuthRequest.DEFAULT_DOMAIN_ID)) {
            throw IdentityError.forbidden("identity:delete_domain (cannot delete the default domain)");
        }
        Projects.Domain domain = projects.requireDomain(id);
        if (domain.enabled()) {
            throw new IdentityError(403, "Cannot delete a domain that is enabled, please disable it first.");
        }
        for (Users.User user : users.list()) {
            if (user.domainId().equals(id)) {
                users.delete(user.id());
            }
        }
        groups.inDomain(id).forEach(group -> groups.delete(group.id()));
        projects.deleteDomain(domain);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles")
    public Map<String, Object> roles(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId) {
        return grants.list(caller, Scope.domain(id), actor, actorId, uri);
    }

    @PUT
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response grant(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.grant(caller, Scope.domain(id), actor, actorId, roleId);
    }

    @HEAD
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response checkHead(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.check(caller, Scope.domain(id), actor, actorId, roleId);
    }

    @GET
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response check(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.check(caller, Scope.domain(id), actor, actorId, roleId);
    }

    @DELETE
    @Path("/{id}/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response revoke(@PathParam("id") String id, @PathParam("actor") String actor,
            @PathParam("actor_id") String actorId, @PathParam("role_id") String roleId) {
        return grants.revoke(caller, Scope.domain(id), actor, actorId, roleId);
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    static Map<String, Object> defaultDomain(UriInfo uri) {
        return body(Projects.DEFAULT, uri);
    }

    static Map<String, Object> body(Projects.Domain domain, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", domain.id());
        body.put("name", domain.name());
        body.put("description", domain.description() == null ? "" : domain.description());
        body.put("enabled", domain.enabled());
        body.put("tags", List.of());
        body.put("options", Map.of());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/domains/" + domain.id()));
        return body;
    }
}
