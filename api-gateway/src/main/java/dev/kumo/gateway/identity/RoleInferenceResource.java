package dev.kumo.gateway.identity;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v3/role_inferences}: every role that implies others, with what it implies, for admins. */
@Path("/identity/v3/role_inferences")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RoleInferenceResource {

    private final Caller caller;
    private final Roles roles;

    @Context
    UriInfo uri;

    public RoleInferenceResource(Caller caller, Roles roles) {
        this.caller = caller;
        this.roles = roles;
    }

    @GET
    public Map<String, Object> list() {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden("identity:list_role_inference_rules");
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Roles.Role prior : roles.list()) {
            if (prior.keycloak().path("composite").asBoolean(true)) {
                List<Roles.Role> implied = roles.implied(prior);
                if (!implied.isEmpty()) {
                    rules.add(RoleResource.rule(prior, implied, uri));
                }
            }
        }
        return Map.of("role_inferences", rules, "links", Map.of("self", uri.getRequestUri().toString()));
    }
}
