package dev.kumo.agent.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The agent's own bearer token (OAuth2 client credentials of its service client), fetched when first needed and
 * again shortly before it expires. The agent never holds a tenant's token: what it does on a tenant's behalf the
 * gateway has already authorized.
 */
public final class ServiceToken {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI tokenUrl;
    private final String form;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private String token;
    private Instant renewAt = Instant.MIN;

    public ServiceToken(HttpClient http, URI tokenUrl, String clientId, String clientSecret, Clock clock) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
                + encode(clientSecret);
        this.clock = clock;
    }

    /** A token valid for at least the next half minute. */
    public synchronized String get() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** Forgets the token, so the next call fetches a new one (after a 401). */
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch() {
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ImageServiceException("the identity service refused the agent's service credentials ("
                        + response.statusCode() + " from " + tokenUrl + ")");
            }
            JsonNode body = json.readTree(response.body());
            token = body.path("access_token").asText();
            long lifetime = body.path("expires_in").asLong(60);
            renewAt = clock.instant().plusSeconds(lifetime).minus(RENEW_BEFORE_EXPIRY);
        } catch (IOException e) {
            throw new ImageServiceException("cannot reach the identity service at " + tokenUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageServiceException("interrupted while getting a service token", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
