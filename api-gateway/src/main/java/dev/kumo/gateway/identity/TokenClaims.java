package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * What a Keycloak access token says about its holder, read from its payload. Only for tokens whose
 * signature was checked (by Keycloak issuing or validating them): this class does not verify.
 * <p>
 * A token issued for an application credential is its owner's: the user is the credential's owner (claims
 * {@code kumo_user_id}/{@code kumo_user_name}), not the service account of the client behind it.
 */
public record TokenClaims(
        String tokenId,
        String userId,
        String userName,
        String projectId,
        String projectName,
        List<String> roles,
        Instant issuedAt,
        Instant expiresAt,
        String applicationCredentialId) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KUMO_ROLES = Set.of(Caller.ADMIN, Caller.MEMBER, Caller.READER);

    /** Whether the token was issued for an application credential rather than a password. */
    public boolean fromApplicationCredential() {
        return applicationCredentialId != null;
    }

    public static TokenClaims of(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw IdentityError.unauthorized();
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            List<String> roles = new ArrayList<>();
            claims.path("realm_access").path("roles").forEach(role -> {
                if (KUMO_ROLES.contains(role.asText())) {
                    roles.add(role.asText());
                }
            });
            return new TokenClaims(
                    claims.path("jti").asText(null),
                    claims.path(KeycloakAdmin.OWNER_ID_CLAIM).asText(claims.path("sub").asText(null)),
                    claims.path(KeycloakAdmin.OWNER_NAME_CLAIM).asText(claims.path("preferred_username").asText(null)),
                    claims.path("project_id").asText(null),
                    claims.path("project_name").asText(null),
                    List.copyOf(roles),
                    Instant.ofEpochSecond(claims.path("iat").asLong()),
                    Instant.ofEpochSecond(claims.path("exp").asLong()),
                    claims.path(KeycloakAdmin.CREDENTIAL_CLAIM).asText(null));
        } catch (IOException | IllegalArgumentException e) {
            throw IdentityError.unauthorized();
        }
    }
}
