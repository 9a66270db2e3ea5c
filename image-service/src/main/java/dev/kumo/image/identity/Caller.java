package dev.kumo.image.identity;

import dev.kumo.image.errors.ImageError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the project (tenant) their Keycloak token is scoped to, and their roles. Admins act
 * across projects, members change their own project's images, readers only read. (A copy of the
 * gateway's Caller: the services share no identity module.)
 */
@RequestScoped
public class Caller {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    /** Kumo's compute agents: they read base images and upload snapshots into the tenant's image. */
    public static final String SERVICE = "service";

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public Caller(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    /** The project the token is scoped to; a token without one may not use the image API. */
    public String projectId() {
        String projectId = claim("project_id");
        if (projectId == null || projectId.isBlank()) {
            throw ImageError.forbidden("The token is not scoped to a project.");
        }
        return projectId;
    }

    /** Operators, and Kumo's own services acting on images the gateway created for a tenant. */
    public boolean isAdmin() {
        return identity.hasRole(ADMIN) || identity.hasRole(SERVICE);
    }

    public boolean canChange() {
        return isAdmin() || identity.hasRole(MEMBER);
    }

    /** Fails with 403 unless the caller may change images; names the policy like Glance does. */
    public void requireChange(String policy) {
        if (!canChange()) {
            throw ImageError.forbidden("You are not authorized to complete " + policy + " action.");
        }
    }

    private String claim(String name) {
        Object value = token.getClaim(name);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value == null ? null : value.toString();
    }
}
