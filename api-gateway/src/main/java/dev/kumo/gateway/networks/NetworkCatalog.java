package dev.kumo.gateway.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.gateway.compute.ComputeError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Looks networks, ports and security groups up in the network service (Neutron v2.0) with the caller's own token,
 * as Nova asks Neutron when it takes a server's networks: a tenant can only ask for what it can see.
 */
@ApplicationScoped
public class NetworkCatalog {

    private static final Logger LOG = Logger.getLogger(NetworkCatalog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String networkService;

    public NetworkCatalog(@ConfigProperty(name = "kumo.routes.network-service") String networkService) {
        this.networkService = networkService.endsWith("/")
                ? networkService.substring(0, networkService.length() - 1) : networkService;
    }

    public Optional<Network> network(String id, String token) {
        return get("/v2.0/networks/" + encode(id), token).map(body -> Network.of(body.path("network")));
    }

    public Optional<Port> port(String id, String token) {
        return get("/v2.0/ports/" + encode(id), token).map(body -> Port.of(body.path("port")));
    }

    /**
     * The networks a server without a {@code networks} choice could go on, as Nova takes them: the project's own
     * and the shared ones, leaving out external networks (floating-IP pools, not a place for a guest).
     */
    public List<Network> available(String projectId, String token) {
        List<Network> networks = new ArrayList<>(list("/v2.0/networks?shared=false&project_id=" + encode(projectId),
                token));
        networks.addAll(list("/v2.0/networks?shared=true", token));
        return networks.stream().filter(network -> !network.external()).distinct().toList();
    }

    /** The ids of the caller's security groups of that name (and of the shared ones it can see). */
    public List<String> securityGroupIds(String name, String projectId, String token) {
        JsonNode body = get("/v2.0/security-groups?name=" + encode(name) + "&project_id=" + encode(projectId),
                token).orElseThrow(() -> unavailable("the security group list answered 404"));
        List<String> ids = new ArrayList<>();
        body.path("security_groups").forEach(group -> ids.add(group.path("id").asText()));
        return ids;
    }

    private List<Network> list(String path, String token) {
        JsonNode body = get(path, token).orElseThrow(() -> unavailable("the network list answered 404"));
        List<Network> networks = new ArrayList<>();
        body.path("networks").forEach(network -> networks.add(Network.of(network)));
        return networks;
    }

    /** The answer's body; empty for a 404; a 503 when the network service cannot answer. */
    private Optional<JsonNode> get(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(networkService + path))
                .timeout(TIMEOUT)
                .header("X-Auth-Token", token)
                .header("Accept", "application/json")
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw unavailable(path + " answered " + response.statusCode());
            }
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ComputeError unavailable(String why) {
        LOG.warnf("network service unavailable: %s", why);
        return new ComputeError(503, "The network service is unavailable; try again shortly.");
    }
}
