package dev.kumo.scheduler.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the audit asks of the world outside the scheduler, answered as the gateway and Keycloak answer it: a
 * client-credentials token, and {@code POST /internal/instances/hosts} (which needs that token). The test says which
 * instances are gone and which live elsewhere; every other instance is live where the scheduler has it (no host yet),
 * so the audit leaves the other tests' allocations alone.
 */
public class GatewayStandIn implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "scheduler-service-token";
    /** What the gateway says about the test's instances: set at once, so one audit run sees all of it. */
    private record Planted(Set<UUID> gone, Map<UUID, String> elsewhere) {
    }

    private static volatile Planted planted = new Planted(Set.of(), Map.of());

    /** From now on, the instances {@code gone} are not live and those {@code elsewhere} live on the hosts given. */
    static void plant(Set<UUID> gone, Map<UUID, String> elsewhere) {
        planted = new Planted(Set.copyOf(gone), Map.copyOf(elsewhere));
    }

    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/token", exchange -> answer(exchange, 200,
                json.createObjectNode().put("access_token", TOKEN).put("expires_in", 300)));
        server.createContext("/internal/instances/hosts", this::instances);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("kumo.scheduler.audit.gateway-url", url, "kumo.scheduler.audit.token-url", url + "/token",
                "kumo.scheduler.audit.interval", "2s", "kumo.scheduler.audit.grace", "1s");
    }

    private void instances(HttpExchange exchange) throws IOException {
        if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Auth-Token"))) {
            answer(exchange, 401, json.createObjectNode());
            return;
        }
        JsonNode asked = json.readTree(exchange.getRequestBody());
        ArrayNode live = json.createArrayNode();
        Planted now = planted;
        for (JsonNode id : asked.path("instances")) {
            UUID instance = UUID.fromString(id.asText());
            if (!now.gone().contains(instance)) {
                live.addObject().put("id", instance.toString()).put("host", now.elsewhere().get(instance))
                        .putNull("task_state");
            }
        }
        ObjectNode body = json.createObjectNode();
        body.set("instances", live);
        answer(exchange, 200, body);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
