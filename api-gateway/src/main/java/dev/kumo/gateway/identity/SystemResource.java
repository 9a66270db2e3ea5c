package dev.kumo.gateway.identity;

import dev.kumo.gateway.identity.Assignments.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/**
 * Roles on the whole system ({@code /v3/system/users/{u}/roles/{r}} and the groups' alike), kept like roles
 * on a project (see {@link Assignments}); Kumo's tokens are project-scoped, so they are recorded, not used.
 */
@Path("/identity/v3/system")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SystemResource {

    private final Caller caller;
    private final RoleGrants grants;

    @Context
    UriInfo uri;

    public SystemResource(Caller caller, RoleGrants grants) {
        this.caller = caller;
        this.grants = grants;
    }

    @GET
    @Path("/{actor: users|groups}/{actor_id}/roles")
    public Map<String, Object> roles(@PathParam("actor") String actor, @PathParam("actor_id") String actorId) {
        return grants.list(caller, Scope.SYSTEM, actor, actorId, uri);
    }

    @PUT
    @Path("/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response grant(@PathParam("actor") String actor, @PathParam("actor_id") String actorId,
            @PathParam("role_id") String roleId) {
        return grants.grant(caller, Scope.SYSTEM, actor, actorId, roleId);
    }

    @HEAD
    @Path("/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response checkHead(@PathParam("actor") String actor, @PathParam("actor_id") String actorId,
            @PathParam("role_id") String roleId) {
        return grants.check(caller, Scope.SYSTEM, actor, actorId, roleId);
    }

    @GET
    @Path("/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response check(@PathParam("actor") String actor, @PathParam("actor_id") String actorId,
            @PathParam("role_id") String roleId) {
        return grants.check(caller, Scope.SYSTEM, actor, actorId, roleId);
    }

    @DELETE
    @Path("/{actor: users|groups}/{actor_id}/roles/{role_id}")
    public Response revoke(@PathParam("actor") String actor, @PathParam("actor_id") String actorId,
            @PathParam("role_id") String roleId) {
        return grants.revoke(caller, Scope.SYSTEM, actor, actorId, roleId);
    }
}
