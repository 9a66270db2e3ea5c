package dev.kumo.agent.networking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kumo.agent.images.ServiceToken;
import dev.kumo.contracts.instance.AttachedPort;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.RequestedNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the agent turns a spawn's requested networks into ports, against a small stand-in of the network service's
 * Neutron API (the real one is exercised end to end by e2e TenantNetworkTest).
 */
class NeutronPortsTest {

    private static final String NET = "net-1";
    private static final String WEB = "sg-web";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> ports = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private HttpServer server;
    private NeutronPorts neutron;
    private int made;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpClient http = HttpClient.newHttpClient();
        neutron = new NeutronPorts(http, base, new ServiceToken(http, URI.create(base + "/token"), "agent",
                "secret", Clock.systemUTC()));
        ObjectNode peer = port("peer-port", "10.0.0.20", "other-instance");
        peer.putArray("security_groups").add(WEB);
        ports.put("peer-port", peer);
        ObjectNode own = port("own-port", "10.0.0.30", "");
        ports.put("own-port", own);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aNewPortIsMadeOnTheNetworkBoundToTheHostAndResolvedIntoTheNicTheHostRealizes() {
        UUID instance = UUID.randomUUID();

        BoundPorts bound = neutron.bind("host-1", instance, "acme",
                List.of(RequestedNetwork.onNetwork(NET, "10.0.0.5", List.of(WEB))));

        assertEquals(1, made);
        GuestNic nic = bound.nics().get(0);
        assertEquals(NET, nic.networkId());
        assertEquals(1450, nic.mtu());
        assertEquals("10.0.0.5", nic.fixedIps().get(0).address());
        assertEquals("10.0.0.0/24", nic.fixedIps().get(0).cidr());
        assertEquals("10.0.0.1", nic.fixedIps().get(0).gateway());
        assertTrue(nic.rules().contains(new PortRule(PortRule.Direction.INGRESS, PortRule.Ethertype.IPv4, "tcp", 80,
                80, "0.0.0.0/0")), nic.rules().toString());
        assertTrue(nic.rules().contains(new PortRule(PortRule.Direction.INGRESS, PortRule.Ethertype.IPv4, null, null,
                null, "10.0.0.20/32")), "the remote group's member, and only it: " + nic.rules());
        assertEquals(List.of(new AttachedPort(nic.portId(), NET, "private", nic.macAddress(), List.of("10.0.0.5"),
                true)), bound.attached());
        ObjectNode port = ports.get(nic.portId());
        assertEquals("acme", port.path("project_id").asText());
        assertEquals(instance.toString(), port.path("device_id").asText());
        assertEquals("host-1", port.path("binding:host_id").asText());
    }

    @Test
    void aRedeliveredSpawnTakesThePortItMadeBeforeInsteadOfMakingAnother() {
        UUID instance = UUID.randomUUID();
        List<RequestedNetwork> networks = List.of(RequestedNetwork.onNetwork(NET, null, List.of()));

        String first = neutron.bind("host-1", instance, "acme", networks).nics().get(0).portId();
        String again = neutron.bind("host-1", instance, "acme", networks).nics().get(0).portId();

        assertEquals(first, again);
        assertEquals(1, made);
    }

    @Test
    void theTenantsOwnPortIsBoundAndOnReleaseUnboundNotDeleted() {
        UUID instance = UUID.randomUUID();

        BoundPorts bound = neutron.bind("host-2", instance, "acme", List.of(RequestedNetwork.existingPort("own-port")));

        assertEquals(0, made);
        assertEquals("host-2", ports.get("own-port").path("binding:host_id").asText());
        assertEquals(false, bound.attached().get(0).madeForInstance());
        neutron.release(bound);
        assertTrue(ports.containsKey("own-port"));
        assertEquals("", ports.get("own-port").path("device_id").asText());
    }

    @Test
    void aRefusalOfTheNetworkServiceFailsTheBindWithItsMessageAndGivesBackWhatWasMade() {
        UUID instance = UUID.randomUUID();

        NetworkingException refused = assertThrows(NetworkingException.class, () -> neutron.bind("host-1", instance,
                "acme", List.of(RequestedNetwork.onNetwork(NET, null, List.of()),
                        RequestedNetwork.onNetwork("full-net", null, List.of()))));

        assertTrue(refused.getMessage().contains("No more IP addresses available"), refused.getMessage());
        assertTrue(ports.values().stream().noneMatch(p -> p.path("device_id").asText().equals(instance.toString())),
                "the port made on the first network is deleted again");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        calls.add(method + " " + path);
        JsonNode body = path.startsWith("/v2.0/") ? readBody(exchange) : null;
        if (path.equals("/token")) {
            reply(exchange, 200, "{\"access_token\": \"t\", \"expires_in\": 300}");
        } else if (method.equals("POST") && path.equals("/v2.0/ports")) {
            JsonNode wanted = body.path("port");
            if (wanted.path("network_id").asText().equals("full-net")) {
                reply(exchange, 409, "{\"NeutronError\": {\"type\": \"IpAddressGenerationFailure\", \"message\":"
                        + " \"No more IP addresses available on network full-net.\", \"detail\": \"\"}}");
                return;
            }
            made++;
            String id = "port-" + made;
            ObjectNode port = port(id, wanted.path("fixed_ips").path(0).path("ip_address").asText("10.0.0.9"),
                    wanted.path("device_id").asText());
            port.setAll((ObjectNode) wanted.deepCopy());
            port.set("fixed_ips", JSON.createArrayNode().add(JSON.createObjectNode().put("subnet_id", "sub-1")
                    .put("ip_address", wanted.path("fixed_ips").path(0).path("ip_address").asText("10.0.0.9"))));
            ports.put(id, port);
            reply(exchange, 201, JSON.createObjectNode().set("port", port).toString());
        } else if (method.equals("PUT") && path.startsWith("/v2.0/ports/")) {
            ObjectNode port = ports.get(path.substring("/v2.0/ports/".length()));
            port.setAll((ObjectNode) body.path("port"));
            reply(exchange, 200, JSON.createObjectNode().set("port", port).toString());
        } else if (method.equals("DELETE") && path.startsWith("/v2.0/ports/")) {
            ports.remove(path.substring("/v2.0/ports/".length()));
            reply(exchange, 204, "");
        } else if (path.equals("/v2.0/ports")) {
            ArrayNode list = JSON.createArrayNode();
            ports.values().stream().filter(p -> query == null || !query.startsWith("device_id=")
                    || p.path("device_id").asText().equals(query.substring("device_id=".length()))).forEach(list::add);
            reply(exchange, 200, JSON.createObjectNode().set("ports", list).toString()); // ignores security_groups=
        } else if (path.startsWith("/v2.0/networks/")) {
            reply(exchange, 200, "{\"network\": {\"id\": \"" + NET + "\", \"name\": \"private\", \"mtu\": 1450}}");
        } else if (path.startsWith("/v2.0/subnets/")) {
            reply(exchange, 200, "{\"subnet\": {\"id\": \"sub-1\", \"cidr\": \"10.0.0.0/24\", \"gateway_ip\":"
                    + " \"10.0.0.1\", \"dns_nameservers\": [], \"enable_dhcp\": true}}");
        } else if (path.equals("/v2.0/security-group-rules")) {
            reply(exchange, 200, "{\"security_group_rules\": [{\"direction\": \"ingress\", \"ethertype\": \"IPv4\","
                    + " \"protocol\": \"tcp\", \"port_range_min\": 80, \"port_range_max\": 80, \"remote_ip_prefix\":"
                    + " \"0.0.0.0/0\"}, {\"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\": null,"
                    + " \"remote_group_id\": \"" + WEB + "\"}]}");
        } else {
            reply(exchange, 404, "{}");
        }
    }

    private static ObjectNode port(String id, String ip, String deviceId) {
        ObjectNode port = JSON.createObjectNode().put("id", id).put("network_id", NET).put("device_id", deviceId)
                .put("mac_address", "fa:16:3e:00:00:" + String.format("%02x", Math.abs(id.hashCode()) % 256));
        port.putArray("fixed_ips").addObject().put("subnet_id", "sub-1").put("ip_address", ip);
        port.putArray("security_groups");
        return port;
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        return bytes.length == 0 ? null : JSON.readTree(bytes);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
