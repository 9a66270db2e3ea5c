package dev.kumo.gateway.hosts;

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
 * The compute hosts as the scheduler knows them (it owns host data): for os-hypervisors, os-services, and to
 * find a host's agent. Also calls agents' HTTP APIs.
 */
@ApplicationScoped
public class HostDirectory {

    private static final Logger LOG = Logger.getLogger(HostDirectory.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String scheduler;

    public HostDirectory(@ConfigProperty(name = "kumo.routes.scheduler") String scheduler) {
        this.scheduler = scheduler.endsWith("/") ? scheduler.substring(0, scheduler.length() - 1) : scheduler;
    }

    public List<ComputeHost> all() {
        List<ComputeHost> hosts = new ArrayList<>();
        for (JsonNode host : get(scheduler + "/hosts").path("hosts")) {
            hosts.add(ComputeHost.from(host));
        }
        return hosts;
    }

    public Optional<ComputeHost> named(String name) {
        JsonNode host = get(scheduler + "/hosts/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        return host.isMissingNode() ? Optional.empty() : Optional.of(ComputeHost.from(host.path("host")));
    }

    /** Sets a host's service status ({@code enabled}, {@code disabled} with a reason) at the scheduler. */
    public ComputeHost setStatus(String name, boolean enabled, String reason) {
        return putStatus(name, json.createObjectNode().put("enabled", enabled).put("disabled_reason", reason));
    }

    /** Marks a host forced down (the operator knows it is dead) or clears the mark. */
    public ComputeHost setForcedDown(String name, boolean forcedDown) {
        return putStatus(name, json.createObjectNode().put("forced_down", forcedDown));
    }

    private ComputeHost putStatus(String name, com.fasterxml.jackson.databind.node.ObjectNode status) {
        String body = status.toString();
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(scheduler + "/hosts/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/status"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.isMissingNode()) {
            throw ComputeError.notFound("Compute host " + name + " could not be found.");
        }
        return ComputeHost.from(answer.path("host"));
    }

    /** Puts a host into maintenance (no new instances at all, forced or not) or takes it out, at the scheduler. */
    public ComputeHost setMaintenance(String name, boolean maintenance, String reason) {
        String body = json.createObjectNode().put("maintenance", maintenance).put("maintenance_reason", reason)
                .toString();
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(scheduler + "/hosts/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/status"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.isMissingNode()) {
            throw ComputeError.notFound("Compute host " + name + " could not be found.");
        }
        return ComputeHost.from(answer.path("host"));
    }

    /** GETs JSON from an agent (or the scheduler); a missing node for 404. */
    public JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json")
                .GET().build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            if (response.statusCode() / 100 != 2) {
                throw unavailable(request.uri() + " answered " + response.statusCode());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw unavailable(request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static ComputeError unavailable(String why) {
        LOG.warnf("compute service unavailable: %s", why);
        return new ComputeError(503, "The compute service is unavailable; try again shortly.");
    }
}
