package dev.kumo.gateway.portal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The networks the user sees, from network-service's Neutron API ({@code /v2.0/networks}) with the user's own
 * token, so network-service decides what they may see. Empty when that API is not there (404) or the service does
 * not answer: the portal then offers servers without a network.
 */
@ApplicationScoped
public class NetworkDirectory {

    private static final Logger LOG = Logger.getLogger(NetworkDirectory.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String networkService;

    public NetworkDirectory(@ConfigProperty(name = "kumo.routes.network-service") String networkService) {
        this.networkService = networkService.endsWith("/")
                ? networkService.substring(0, networkService.length() - 1) : networkService;
    }

    /** A network as the portal lists it. */
    public record Network(String id, String name, String status, boolean shared, boolean external, String projectId) {
    }

    /** The networks, or empty when the Neutron API is unavailable (see {@link #available}). */
    public Optional<List<Network>> networks(String token) {
        return get("/v2.0/networks", token).map(body -> {
            List<Network> networks = new ArrayList<>();
            for (JsonNode network : body.path("networks")) {
                networks.add(new Network(network.path("id").asText(), network.path("name").asText(),
                        network.path("status").asText(""), network.path("shared").asBoolean(false),
                        network.path("router:external").asBoolean(false),
                        network.path("project_id").asText(network.path("tenant_id").asText(""))));
            }
            return networks;
        });
    }

    /** A Neutron collection (security-groups, floatingips...) as JSON, or empty when unavailable. */
    public Optional<JsonNode> get(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(networkService + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").header("X-Auth-Token", token).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                LOG.debugf("network-service answered %d to %s", response.statusCode(), path);
                return Optional.empty();
            }
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            LOG.debugf("network-service unavailable: %s", e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
