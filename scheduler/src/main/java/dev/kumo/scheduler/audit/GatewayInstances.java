package dev.kumo.scheduler.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks the gateway, which owns instances, which of a batch are live and where
 * ({@code POST /internal/instances/hosts}), as the scheduler's own service: a Keycloak client-credentials token of
 * client {@code kumo-scheduler} (realm role {@code service}), fetched when first needed and again before it expires.
 */
@ApplicationScoped
public class GatewayInstances {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A live instance: the host the gateway has for it (null before it is scheduled) and its task, if one runs. */
    public record LiveInstance(String host, String taskState) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI lookup;
    private final URI tokenUrl;
    private final String credentials;
    private String token;
    private Instant renewAt = Instant.MIN;

    public GatewayInstances(@ConfigProperty(name = "kumo.scheduler.audit.gateway-url") String gateway,
            @ConfigProperty(name = "kumo.scheduler.audit.token-url") String tokenUrl,
            @ConfigProperty(name = "kumo.scheduler.audit.client-id") String clientId,
            @ConfigProperty(name = "kumo.scheduler.audit.client-secret") String clientSecret) {
        this.lookup = URI.create(gateway.replaceAll("/+$", "") + "/internal/instances/hosts");
        this.tokenUrl = URI.create(tokenUrl);
        this.credentials = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId,
                StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    }

    /**
     * The live ones among the instances, by id; an id missing from the answer is not live (deleted or never created).
     *
     * @throws IOException when the gateway or the identity service cannot answer: then nothing is known
     */
    public Map<UUID, LiveInstance> live(Collection<UUID> instances) throws IOException {
        ArrayNode ids = json.createArrayNode();
        instances.forEach(id -> ids.add(id.toString()));
        HttpResponse<String> response = send(HttpRequest.newBuilder(lookup).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-Auth-Token", token())
                .POST(HttpRequest.BodyPublishers.ofString(json.createObjectNode().set("instances", ids).toString()))
                .build());
        if (response.statusCode() == 401) {
            forgetToken();
        }
        if (response.statusCode() != 200) {
            throw new IOException(lookup + " answered " + response.statusCode());
        }
        Map<UUID, LiveInstance> live = new HashMap<>();
        for (JsonNode instance : json.readTree(response.body()).path("instances")) {
            live.put(UUID.fromString(instance.path("id").asText()), new LiveInstance(
                    instance.path("host").isTextual() ? instance.path("host").asText() : null,
                    instance.path("task_state").isTextual() ? instance.path("task_state").asText() : null));
        }
        return live;
    }

    private synchronized String token() throws IOException {
        if (token == null || !Instant.now().isBefore(renewAt)) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(tokenUrl).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(credentials)).build());
            if (response.statusCode() != 200) {
                throw new IOException("the identity service refused the scheduler's service credentials ("
                        + response.statusCode() + " from " + tokenUrl + ")");
            }
            JsonNode body = json.readTree(response.body());
            token = body.path("access_token").asText();
            renewAt = Instant.now().plusSeconds(body.path("expires_in").asLong(60)).minusSeconds(30);
        }
        return token;
    }

    private synchronized void forgetToken() {
        token = null;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
