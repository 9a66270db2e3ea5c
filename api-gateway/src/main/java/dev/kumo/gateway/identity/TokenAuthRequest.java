package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Keystone v3 authentication with an existing token (method {@code token}), as keystoneauth's token plugin
 * and re-scoping send it. Kumo's tokens are bound to one project, so a scope, if any, must name that project.
 */
public record TokenAuthRequest(String token, String projectId, String projectName) {

    public static final String METHOD = "token";

    public static TokenAuthRequest from(JsonNode body) {
        JsonNode auth = PasswordAuthRequest.auth(body);
        JsonNode token = auth.path("identity").path(METHOD);
        String id = token.isObject() ? PasswordAuthRequest.text(token, "id") : null;
        if (id == null || id.isBlank()) {
            throw IdentityError.badRequest("Expecting to find id in token.");
        }
        JsonNode project = auth.path("scope").path("project");
        return new TokenAuthRequest(id, project.isObject() ? PasswordAuthRequest.text(project, "id") : null,
                project.isObject() ? PasswordAuthRequest.text(project, "name") : null);
    }

    public boolean scopeMatches(TokenClaims claims) {
        return (projectId == null || projectId.equals(claims.projectId()))
                && (projectName == null || projectName.equals(claims.projectName()));
    }
}
