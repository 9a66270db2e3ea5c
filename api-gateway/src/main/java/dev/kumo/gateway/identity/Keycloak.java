package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keycloak as the Keystone facade uses it: checks a user's password by asking for a token (the
 * resource-owner password grant of the public client {@code kumo-cli}), checks an application credential's
 * secret the same way (the client-credentials grant of the confidential client behind it), and checks a
 * token by asking for the user's info with it.
 */
@ApplicationScoped
public class Keycloak {

    private static final Logger LOG = Logger.getLogger(Keycloak.class);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String realmUrl;
    private final String clientId;

    public Keycloak(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl,
            @ConfigProperty(name = "quarkus.oidc.client-id") String clientId) {
        this.realmUrl = realmUrl.endsWith("/") ? realmUrl.substring(0, realmUrl.length() - 1) : realmUrl;
        this.clientId = clientId;
    }

    /** A fresh access token for the user, or a 401 when the name or password is wrong. */
    public String passwordGrant(String userName, String password) {
        return grant("password", Map.of(
                "grant_type", "password", "client_id", clientId, "username", userName, "password", password,
                "scope", "openid"));
    }

    /** A fresh access token for a confidential client (an application credential), or a 401 for a wrong secret. */
    public String clientCredentialsGrant(String client, String secret) {
        return grant("client-credentials", Map.of(
                "grant_type", "client_credentials", "client_id", client, "client_secret", secret,
                "scope", "openid"));
    }

    private String grant(String kind, Map<String, String> form) {
        HttpResponse<String> response = post("/protocol/openid-connect/token", form);
        if (response.statusCode() == 401 || response.statusCode() == 400) {
            throw IdentityError.unauthorized();
        }
        if (response.statusCode() != 200) {
            LOG.warnf("Keycloak answered %d to a %s grant: %s", response.statusCode(), kind, response.body());
            throw new IdentityError(503, "The identity provider is not available.");
        }
        try {
            return json.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IdentityError(503, "The identity provider answered with something unexpected.");
        }
    }

    /** Whether Keycloak still accepts the token (signature, expiry and session). */
    public boolean accepts(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/userinfo"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + accessToken)
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            throw new IdentityError(503, "The identity provider is not available.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityError(503, "Interrupted while asking the identity provider.");
        }
    }

    private HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IdentityError(503, "The identity provider is not available.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityError(503, "Interrupted while asking the identity provider.");
        }
    }
}
