package dev.kumo.gateway.identity;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;

/** Access tokens shaped like Keycloak's for the demo users, signed by the test OIDC server's key. */
public final class Tokens {

    public static final String ACME = "acbe4d7a2c1f4e0b9d3a6f1e2b7c8d90";
    public static final String GLOBEX = "90be3c1d4e5f4a6b8c7d9e0f1a2b3c4d";
    public static final String ADMIN_PROJECT = "1f0b5a7c9e8d4b2aa1c3d5e7f9a0b1c2";

    private Tokens() {
    }

    public static String alice() {
        return token("alice", ACME, "acme", "member", "reader");
    }

    public static String bob() {
        return token("bob", GLOBEX, "globex", "member", "reader");
    }

    public static String carol() {
        return token("carol", ACME, "acme", "reader");
    }

    public static String admin() {
        return token("admin", ADMIN_PROJECT, "admin", "admin", "member", "reader");
    }

    /** A member of a project of its own, e.g. to test quotas without disturbing the others. */
    public static String member(String user, String projectId) {
        return token(user, projectId, projectId, "member", "reader");
    }

    /**
     * A token as Keycloak issues it for an application credential of alice's in acme: the subject is the
     * service account of the credential's client; the owner and the credential are in Kumo's claims.
     */
    public static String aliceCredential(String credentialId, String... roles) {
        return Jwt.subject("service-account-of-" + credentialId)
                .preferredUserName("service-account-appcred-" + credentialId)
                .claim("kumo_user_id", "user-alice")
                .claim("kumo_user_name", "alice")
                .claim("application_credential_id", credentialId)
                .claim("project_id", ACME)
                .claim("project_name", "acme")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuer("https://server.example.com")
                .audience("https://service.example.com")
                .sign();
    }

    static String token(String user, String projectId, String projectName, String... roles) {
        return Jwt.subject("user-" + user)
                .preferredUserName(user)
                .claim("project_id", projectId)
                .claim("project_name", projectName)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuer("https://server.example.com")
                .audience("https://service.example.com")
                .sign();
    }
}
