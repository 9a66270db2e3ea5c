package dev.kumo.gateway.identity;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Renders a Keycloak access token as Keystone v3's {@code token} body. Every Kumo token carries its user's
 * project, so every token is project-scoped (Keystone too scopes an unscoped request to the default project).
 */
public final class KeystoneToken {

    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private KeystoneToken() {
    }

    public static Map<String, Object> body(TokenClaims claims, List<Map<String, Object>> catalog) {
        return body(claims, catalog, null);
    }

    /** The body of a token; {@code credential} is the application credential it was issued for, if any. */
    public static Map<String, Object> body(TokenClaims claims, List<Map<String, Object>> catalog,
            ApplicationCredential credential) {
        return body(List.of(claims.fromApplicationCredential() ? "application_credential" : "password"), claims,
                catalog, credential);
    }

    /** The body of a token obtained with the given authentication methods. */
    public static Map<String, Object> body(List<String> methods, TokenClaims claims,
            List<Map<String, Object>> catalog, ApplicationCredential credential) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("methods", methods);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", claims.userId());
        user.put("name", claims.userName());
        user.put("domain", defaultDomain());
        user.put("password_expires_at", null);
        token.put("user", user);
        token.put("audit_ids", List.of(auditId(claims)));
        token.put("issued_at", KEYSTONE_TIME.format(claims.issuedAt()));
        token.put("expires_at", KEYSTONE_TIME.format(claims.expiresAt()));
        if (claims.projectId() != null) {
            token.put("project", Map.of("id", claims.projectId(), "name", claims.projectName(),
                    "domain", defaultDomain()));
            token.put("is_domain", false);
            token.put("roles", claims.roles().stream().map(role -> Map.of("id", role, "name", role)).toList());
            token.put("catalog", catalog);
        }
        if (credential != null) {
            Map<String, Object> applicationCredential = new LinkedHashMap<>();
            applicationCredential.put("id", credential.id);
            applicationCredential.put("name", credential.name);
            applicationCredential.put("restricted", !credential.unrestricted);
            token.put("application_credential", applicationCredential);
        }
        return Map.of("token", token);
    }

    static Map<String, Object> defaultDomain() {
        return Map.of("id", PasswordAuthRequest.DEFAULT_DOMAIN_ID, "name", PasswordAuthRequest.DEFAULT_DOMAIN_NAME);
    }

    private static String auditId(TokenClaims claims) {
        String seed = claims.tokenId() == null ? claims.userId() + claims.issuedAt() : claims.tokenId();
        return UUID.nameUUIDFromBytes(seed.getBytes()).toString().replace("-", "").substring(0, 22);
    }
}
