package dev.kumo.gateway.identity;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystone's roles: Kumo's three realm roles, whose ids are their names. Listing and reading them is for
 * admins, as in Keystone's default policy.
 */
@Path("/identity/v3/roles")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RoleResource {

    static final List<String> ROLES = List.of(Caller.ADMIN, Caller.MEMBER, Caller.READER);

    private final Caller caller;

    @Context
    UriInfo uri;

    public RoleResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, Object> list(@QueryParam("name") String name) {
        requireAdmin("identity:list_roles");
        return Map.of("roles", ROLES.stream().filter(role -> name == null || role.equals(name)).map(this::body)
                .toList(), "links", KeystoneLinks.collection(uri));
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        requireAdmin("identity:get_role");
        if (!ROLES.contains(id)) {
            throw IdentityError.notFound("Could not find role: " + id + ".");
        }
        return Map.of("role", body(id));
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw new IdentityError(403, "You are not authorized to perform the requested action: " + policy + ".");
        }
    }

    private Map<String, Object> body(String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", role);
        body.put("name", role);
        body.put("domain_id", null);
        body.put("description", null);
        body.put("options", Map.of());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/roles/" + role));
        return body;
    }
}
