package dev.kumo.gateway.networks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.routing.ServiceClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Looks networks, ports and security groups up in the network service (Neutron v2.0) with the caller's own token,
 * as Nova asks Neutron when it takes a server's networks: a tenant can only ask for what it can see.
 */
@ApplicationScoped
public class NetworkCatalog {

    private final ServiceClient neutron;

    public NetworkCatalog(@ConfigProperty(name = "kumo.routes.network-service") String networkService) {
        this.neutron = new ServiceClient("network", networkService);
    }

    public Optional<Network> network(String id, String token) {
        return neutron.get("/v2.0/networks/" + encode(id), token).map(body -> Network.of(body.path("network")));
    }

    public Optional<Port> port(String id, String token) {
        return neutron.get("/v2.0/ports/" + encode(id), token).map(body -> Port.of(body.path("port")));
    }

    /**
     * The networks a server without a {@code networks} choice could go on, as Nova takes them: the project's own
     * and the shared ones, leaving out external networks (floating-IP pools, not a place for a guest).
     */
    public List<Network> available(String projectId, String token) {
        return list("/v2.0/networks", token).stream()
                .filter(network -> network.shared() || network.projectId().equals(projectId))
                .filter(network -> !network.external())
                .toList();
    }

    /** The ids of the caller's security groups of that name. */
    public List<String> securityGroupIds(String name, String projectId, String token) {
        JsonNode body = neutron.get("/v2.0/security-groups?name=" + encode(name) + "&project_id="
                + encode(projectId), token).orElseThrow(() -> neutron.unavailable("no security group list"));
        List<String> ids = new ArrayList<>();
        body.path("security_groups").forEach(group -> ids.add(group.path("id").asText()));
        return ids;
    }

    private List<Network> list(String path, String token) {
        JsonNode body = neutron.get(path, token).orElseThrow(() -> neutron.unavailable("no network list"));
        List<Network> networks = new ArrayList<>();
        body.path("networks").forEach(network -> networks.add(Network.of(network)));
        return networks;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
