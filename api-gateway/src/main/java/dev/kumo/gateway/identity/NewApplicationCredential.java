package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v3/users/{user_id}/application_credentials}: a name, and optionally a description,
 * a secret (generated when absent), an expiry, the roles to delegate (by id or name; all of the caller's when
 * absent) and whether the credential may manage other credentials ({@code unrestricted}).
 */
public record NewApplicationCredential(String name, String description, String secret, Instant expiresAt,
        List<String> roles, boolean unrestricted) {

    public static NewApplicationCredential from(JsonNode body) {
        JsonNode credential = body == null ? null : body.get("application_credential");
        if (credential == null || !credential.isObject()) {
            throw IdentityError.badRequest("Expecting to find application_credential in request body.");
        }
        String name = PasswordAuthRequest.text(credential, "name");
        if (name == null || name.isBlank() || name.length() > 255) {
            throw IdentityError.badRequest("Invalid input for field 'name': expecting a string of 1 to 255 characters.");
        }
        String secret = PasswordAuthRequest.text(credential, "secret");
        if (secret != null && secret.isEmpty()) {
            throw IdentityError.badRequest("Invalid input for field 'secret': expecting a non-empty string.");
        }
        JsonNode unrestricted = credential.path("unrestricted");
        if (!unrestricted.isMissingNode() && !unrestricted.isNull() && !unrestricted.isBoolean()) {
            throw IdentityError.badRequest("Invalid input for field 'unrestricted': expecting a boolean.");
        }
        JsonNode accessRules = credential.path("access_rules");
        if (accessRules.isArray() && !accessRules.isEmpty()) {
            throw IdentityError.badRequest("Invalid input for field 'access_rules': Kumo does not support access rules.");
        }
        return new NewApplicationCredential(name, PasswordAuthRequest.text(credential, "description"), secret,
                expiresAt(PasswordAuthRequest.text(credential, "expires_at")), roles(credential.path("roles")),
                unrestricted.asBoolean(false));
    }

    private static List<String> roles(JsonNode roles) {
        if (roles.isMissingNode() || roles.isNull()) {
            return null;
        }
        if (!roles.isArray()) {
            throw IdentityError.badRequest("Invalid input for field 'roles': expecting a list of roles.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode role : roles) {
            // Kumo's role ids are their names.
            String name = role.isObject() ? PasswordAuthRequest.text(role, "id") : null;
            if (name == null && role.isObject()) {
                name = PasswordAuthRequest.text(role, "name");
            }
            if (name == null) {
                throw IdentityError.badRequest("Invalid input for field 'roles': each role needs an id or a name.");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Keystone takes ISO 8601 with or without an offset; without one, the time is UTC. */
    static Instant expiresAt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw IdentityError.badRequest("Invalid input for field 'expires_at': " + value
                        + " is not an ISO 8601 time.");
            }
        }
    }
}
