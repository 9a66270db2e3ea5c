package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Keystone's roles (see {@link Roles}): the three built-in realm roles, whose ids are their names, and the
 * roles admins create. Everything here is for admins, as in Keystone's default policy.
 */
@Path("/identity/v3/roles")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RoleResource {

    private final Caller caller;
    private final Roles roles;

    @Context
    UriInfo uri;

    public RoleResource(Caller caller, Roles roles) {
        this.caller = caller;
        this.roles = roles;
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("domain_id") String domainId) {
        requireAdmin("identity:list_roles");
        return Map.of("roles", roles.list().stream()
                .filter(role -> name == null || role.name().equals(name))
                .filter(role -> domainId == null ? role.domainId() == null : domainId.equals(role.domainId()))
                .map(role -> body(role, uri)).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        requireAdmin("identity:create_role");
        JsonNode role = KeystoneRequest.object(body, "role");
        Roles.Role created = roles.create(KeystoneRequest.required(role, "name"),
                KeystoneRequest.text(role, "domain_id"), KeystoneRequest.text(role, "description"));
        return Response.status(201).entity(Map.of("role", body(created, uri))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        requireAdmin("identity:get_role");
        return Map.of("role", body(roles.require(id), uri));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        requireAdmin("identity:update_role");
        JsonNode changes = KeystoneRequest.object(body, "role");
        return Map.of("role", body(roles.update(roles.require(id), KeystoneRequest.text(changes, "name"),
                KeystoneRequest.text(changes, "description")), uri));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        requireAdmin("identity:delete_role");
        roles.delete(roles.require(id));
        return Response.noContent().build();
    }

    @PUT
    @Path("/{prior_id}/implies/{implied_id}")
    public Response imply(@PathParam("prior_id") String priorId, @PathParam("implied_id") String impliedId) {
        requireAdmin("identity:create_implied_role");
        Roles.Role prior = roles.require(priorId);
        Roles.Role implied = roles.require(impliedId);
        roles.imply(prior, implied);
        return Response.status(201).entity(inference(prior, implied)).build();
    }

    @GET
    @Path("/{prior_id}/implies/{implied_id}")
    public Map<String, Object> inference(@PathParam("prior_id") String priorId,
            @PathParam("implied_id") String impliedId) {
        requireAdmin("identity:get_implied_role");
        Roles.Role prior = roles.require(priorId);
        return inference(prior, requireImplied(prior, impliedId));
    }

    @HEAD
    @Path("/{prior_id}/implies/{implied_id}")
    public Response checkInference(@PathParam("prior_id") String priorId,
            @PathParam("implied_id") String impliedId) {
        requireAdmin("identity:check_implied_role");
        requireImplied(roles.require(priorId), impliedId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{prior_id}/implies/{implied_id}")
    public Response stopImplying(@PathParam("prior_id") String priorId,
            @PathParam("implied_id") String impliedId) {
        requireAdmin("identity:delete_implied_role");
        Roles.Role prior = roles.require(priorId);
        roles.stopImplying(prior, requireImplied(prior, impliedId));
        return Response.noContent().build();
    }

    @GET
    @Path("/{prior_id}/implies")
    public Map<String, Object> implied(@PathParam("prior_id") String priorId) {
        requireAdmin("identity:list_implied_roles");
        Roles.Role prior = roles.require(priorId);
        return Map.of("role_inference", rule(prior, roles.implied(prior), uri), "links",
                Map.of("self", uri.getRequestUri().toString()));
    }

    private Roles.Role requireImplied(Roles.Role prior, String impliedId) {
        return roles.implied(prior).stream().filter(role -> role.id().equals(impliedId)).findFirst()
                .orElseThrow(() -> IdentityError.notFound("Could not find implied role: " + impliedId + "."));
    }

    private Map<String, Object> inference(Roles.Role prior, Roles.Role implied) {
        return Map.of("role_inference", Map.of("prior_role", summary(prior, uri), "implies", summary(implied, uri)),
                "links", Map.of("self", KeystoneLinks.base(uri) + "/identity/v3/roles/" + prior.id() + "/implies/"
                        + implied.id()));
    }

    /** One prior role with everything it implies, as {@code role_inference(s)} show it. */
    static Map<String, Object> rule(Roles.Role prior, List<Roles.Role> implied, UriInfo uri) {
        return Map.of("prior_role", summary(prior, uri),
                "implies", implied.stream().map(role -> summary(role, uri)).toList());
    }

    private static Map<String, Object> summary(Roles.Role role, UriInfo uri) {
        return Map.of("id", role.id(), "name", role.name(),
                "links", KeystoneLinks.self(uri, "/identity/v3/roles/" + role.id()));
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    static Map<String, Object> body(Roles.Role role, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", role.id());
        body.put("name", role.name());
        body.put("domain_id", role.domainId());
        body.put("description", role.description());
        body.put("options", Map.of());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/roles/" + role.id()));
        return body;
    }
}
