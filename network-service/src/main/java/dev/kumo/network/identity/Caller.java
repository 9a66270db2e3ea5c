package dev.kumo.network.identity;

import dev.kumo.network.errors.NeutronError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the project their Keycloak token is scoped to, and their roles. Admins act across projects,
 * members change their own project's resources, readers only read. (The services share no identity module;
 * this follows image-service's Caller.)
 */
@RequestScoped
public class Caller {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    /** Kumo's own services (the gateway and compute agents binding ports for a tenant's server). */
    public static final String SERVICE = "service";

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public Caller(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    /** The project the token is scoped to; a token without one may not use the networking API. */
    public String projectId() {
        Object value = token.getClaim("project_id");
        String projectId = value instanceof JsonString string ? string.getString() : value == null ? null : value.toString();
        if (projectId == null || projectId.isBlank()) {
            throw NeutronError.policy("project_scoped");
        }
        return projectId;
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN) || identity.hasRole(SERVICE);
    }

    public boolean canChange() {
        return isAdmin() || identity.hasRole(MEMBER);
    }

    /** Fails with 403 unless the caller may create or change resources; names the policy as Neutron does. */
    public void requireChange(String action) {
        if (!canChange()) {
            throw NeutronError.policy(action);
        }
    }

    public void requireAdmin(String action) {
        if (!isAdmin()) {
            throw NeutronError.policy(action);
        }
    }

    /** Whether the caller owns (or as admin may act on) a resource of this project. */
    public boolean owns(String projectId) {
        return isAdmin() || projectId().equals(projectId);
    }
}
