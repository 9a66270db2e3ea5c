package dev.kumo.network.identity;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;

/** Access tokens shaped like Keycloak's for the demo users, signed by the test OIDC server's key (as in api-gateway's tests). */
public final class Tokens {

    public static final String ACME = "acbe4d7a2c1f4e0b9d3a6f1e2b7c8d90";
    public static final String GLOBEX = "90be3c1d4e5f4a6b8c7d9e0f1a2b3c4d";
    public static final String INITECH = "5d2c7e9a1b3f4c6d8e0a2b4c6d8e0f1a";
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

    /** A compute agent's service account (Keycloak client credentials of kumo-compute). */
    public static String computeAgent() {
        return token("service-account-kumo-compute", "5e7a1c3b9d2f4e6a8b0c1d2e3f4a5b6c", "service", "service");
    }

    /** A member of a third project, for sharing between more than two projects. */
    public static String dave() {
        return token("dave", INITECH, "initech", "member", "reader");
    }

    /** A member of a project no other test uses, for state that must start empty (default groups, quotas). */
    public static String memberOfNewProject(String projectId) {
        return token("member-" + projectId, projectId, "project-" + projectId, "member", "reader");
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
