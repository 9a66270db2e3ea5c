package dev.kumo.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to the Keycloak that {@code ./kumo up} runs (realm {@code kumo}, public client {@code kumo-cli}):
 * whether it answers, and access tokens by password grant. Base URL: {@code KUMO_KEYCLOAK_URL} (environment) or
 * system property {@code kumo.keycloak.url}, default {@value #DEFAULT_URL}.
 */
public final class KeycloakServer {

    public static final String DEFAULT_URL = "http://127.0.0.1:8180";
    public static final String REALM = "kumo";
    public static final String CLI_CLIENT = "kumo-cli";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public KeycloakServer(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The local Keycloak (see the class comment for how its URL is chosen). */
    public static KeycloakServer local() {
        String url = System.getenv("KUMO_KEYCLOAK_URL");
        if (url == null || url.isBlank()) {
            url = System.getProperty("kumo.keycloak.url", DEFAULT_URL);
        }
        return new KeycloakServer(url);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code {base}/realms/kumo}: the issuer of the realm's tokens. */
    public String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** Whether the realm's OpenID configuration answers 200. */
    public boolean isUp() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until {@link #isUp()} or the timeout passes; returns whether it is up. */
    public boolean awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (isUp()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** An access token for the user (password grant with client {@code kumo-cli}); fails on any non-200 answer. */
    public String accessToken(String username, String password) {
        String form = "grant_type=password&client_id=" + enc(CLI_CLIENT) + "&username=" + enc(username)
                + "&password=" + enc(password) + "&scope=openid";
        HttpRequest req = HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + baseUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("password grant for " + username + " failed: HTTP " + resp.statusCode()
                    + " " + resp.body());
        }
        Matcher m = ACCESS_TOKEN.matcher(resp.body());
        if (!m.find()) {
            throw new IllegalStateException("no access_token in Keycloak's answer: " + resp.body());
        }
        return m.group(1);
    }

    /** The JSON payload (claims) of a JWT, decoded but not verified. */
    public static String claimsJson(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
