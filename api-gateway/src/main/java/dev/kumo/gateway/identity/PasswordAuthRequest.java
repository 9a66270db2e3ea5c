package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Keystone v3 password authentication: who (by name in a domain, or by id), the password, and the
 * project to scope to (by name, or by id; none for the user's default project).
 */
public record PasswordAuthRequest(String userName, String userId, String password, String projectName,
        String projectId, String userDomainId, String userDomainName) {

    static final String DEFAULT_DOMAIN_ID = "default";
    static final String DEFAULT_DOMAIN_NAME = "Default";

    /** The authentication method a Keystone auth request uses (the first of {@code identity.methods}). */
    public static String method(JsonNode body) {
        JsonNode methods = auth(body).path("identity").path("methods");
        if (!methods.isArray() || methods.isEmpty()) {
            throw IdentityError.badRequest("Expecting to find identity.methods in auth.");
        }
        return methods.get(0).asText();
    }

    public static PasswordAuthRequest from(JsonNode body) {
        String method = method(body);
        if (!method.equals("password")) {
            throw new IdentityError(401, "Unsupported authentication method: " + method + ".");
        }
        JsonNode auth = auth(body);
        JsonNode identity = auth.path("identity");
        JsonNode user = identity.path("password").path("user");
        if (!user.isObject()) {
            throw IdentityError.badRequest("Expecting to find identity.password.user in auth.");
        }
        String password = text(user, "password");
        if (password == null) {
            throw IdentityError.badRequest("Expecting to find password in user.");
        }
        String userName = text(user, "name");
        String userId = text(user, "id");
        if (userName == null && userId == null) {
            throw IdentityError.badRequest("Expecting to find name or id in user.");
        }
        // A user named in another domain is the facade's to check (domains live in Keycloak).
        JsonNode domain = user.path("domain");
        String userDomainId = domain.isObject() ? text(domain, "id") : null;
        String userDomainName = domain.isObject() ? text(domain, "name") : null;
        JsonNode project = auth.path("scope").path("project");
        String projectName = project.isObject() ? text(project, "name") : null;
        String projectId = project.isObject() ? text(project, "id") : null;
        return new PasswordAuthRequest(userName, userId, password, projectName, projectId, userDomainId,
                userDomainName);
    }

    /** Whether the token's project is the one asked for. */
    public boolean scopeMatches(TokenClaims claims) {
        if (projectId != null) {
            return projectId.equals(claims.projectId());
        }
        return projectName == null || projectName.equals(claims.projectName());
    }

    static JsonNode auth(JsonNode body) {
        JsonNode auth = body == null ? null : body.get("auth");
        if (auth == null || !auth.isObject()) {
            throw IdentityError.badRequest("Expecting to find auth in request body.");
        }
        return auth;
    }

    static void requireDefaultDomain(JsonNode domain) {
        if (domain.isMissingNode() || domain.isNull()) {
            return;
        }
        String id = text(domain, "id");
        String name = text(domain, "name");
        if ((id != null && !id.equals(DEFAULT_DOMAIN_ID)) || (name != null && !name.equals(DEFAULT_DOMAIN_NAME))) {
            throw IdentityError.unauthorized();
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
