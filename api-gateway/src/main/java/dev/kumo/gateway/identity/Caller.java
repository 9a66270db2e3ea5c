package dev.kumo.gateway.identity;

import dev.kumo.gateway.compute.ComputeError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the user, the project (tenant) their token is scoped to, and their roles. Admins act
 * across projects, members change their own project, readers only read. A token from an application
 * credential speaks for the credential's owner, with the credential's project and roles.
 */
@RequestScoped
public class Caller {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String READER = "reader";
    /** Kumo's own services (the scheduler, compute agents) calling with their client-credentials tokens. */
    public static final String SERVICE = "service";

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public Caller(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    public String userId() {
        String owner = claim(KeycloakAdmin.OWNER_ID_CLAIM);
        return owner == null ? token.getSubject() : owner;
    }

    /** The caller's token as sent, to call other services on their behalf. */
    public String rawToken() {
        return token.getRawToken();
    }

    public String userName() {
        String name = claim(KeycloakAdmin.OWNER_NAME_CLAIM);
        if (name == null) {
            name = claim("preferred_username");
        }
        return name == null ? userId() : name;
    }

    /** The application credential the token was issued for, or null for a password token. */
    public String applicationCredentialId() {
        return claim(KeycloakAdmin.CREDENTIAL_CLAIM);
    }

    /** The project the token is scoped to; a token without one may not use the compute API. */
    public String projectId() {
        String projectId = claim("project_id");
        if (projectId == null || projectId.isBlank()) {
            throw ComputeError.forbidden("The token is not scoped to a project.");
        }
        return projectId;
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }

    public boolean isService() {
        return identity.hasRole(SERVICE);
    }

    public boolean canChange() {
        return isAdmin() || identity.hasRole(MEMBER);
    }

    /** Fails with 403 unless the caller may change resources; names the policy like Nova does. */
    public void requireChange(String policy) {
        if (!canChange()) {
            throw ComputeError.forbidden("Policy doesn't allow " + policy + " to be performed.");
        }
    }

    /** Fails with 403 unless the caller is an admin; names the policy like Nova does. */
    public void requireAdmin(String policy) {
        if (!isAdmin()) {
            throw ComputeError.forbidden("Policy doesn't allow " + policy + " to be performed.");
        }
    }

    /** Whether the caller may see resources of this project. */
    public boolean sees(String projectId) {
        return isAdmin() || projectId.equals(projectIdOrNull());
    }

    /** Whether the token is scoped to this project. */
    public boolean ownsProject(String projectId) {
        return projectId.equals(projectIdOrNull());
    }

    private String projectIdOrNull() {
        return claim("project_id");
    }

    private String claim(String name) {
        Object value = token.getClaim(name);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value == null ? null : value.toString();
    }
}
