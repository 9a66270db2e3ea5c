package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Keystone v3 authentication with an application credential: the credential by id, or by name with its
 * owner (by id, or by name in the {@code Default} domain), and its secret. Such a token is always scoped to
 * the credential's project; a scope in the request, if any, must name that project.
 */
public record ApplicationCredentialAuthRequest(String id, String name, String userId, String userName,
        String secret, String projectId, String projectName) {

    public static final String METHOD = "application_credential";

    public static ApplicationCredentialAuthRequest from(JsonNode body) {
        JsonNode auth = PasswordAuthRequest.auth(body);
        JsonNode credential = auth.path("identity").path(METHOD);
        if (!credential.isObject()) {
            throw IdentityError.badRequest("Expecting to find identity.application_credential in auth.");
        }
        String secret = PasswordAuthRequest.text(credential, "secret");
        if (secret == null) {
            throw IdentityError.badRequest("Expecting to find secret in application_credential.");
        }
        String id = PasswordAuthRequest.text(credential, "id");
        String name = PasswordAuthRequest.text(credential, "name");
        JsonNode user = credential.path("user");
        String userId = user.isObject() ? PasswordAuthRequest.text(user, "id") : null;
        String userName = user.isObject() ? PasswordAuthRequest.text(user, "name") : null;
        if (id == null && name == null) {
            throw IdentityError.badRequest("Expecting to find id or name in application_credential.");
        }
        if (id == null && userId == null && userName == null) {
            throw IdentityError.badRequest(
                    "Expecting to find user in application_credential when it is given by name.");
        }
        if (userName != null) {
            PasswordAuthRequest.requireDefaultDomain(user.path("domain"));
        }
        JsonNode project = auth.path("scope").path("project");
        String projectId = project.isObject() ? PasswordAuthRequest.text(project, "id") : null;
        String projectName = project.isObject() ? PasswordAuthRequest.text(project, "name") : null;
        return new ApplicationCredentialAuthRequest(id, name, userId, userName, secret, projectId, projectName);
    }

    /** Whether a scope in the request, if any, names the credential's project. */
    public boolean scopeMatches(ApplicationCredential credential) {
        return (projectId == null || projectId.equals(credential.projectId))
                && (projectName == null || projectName.equals(credential.projectName));
    }
}
