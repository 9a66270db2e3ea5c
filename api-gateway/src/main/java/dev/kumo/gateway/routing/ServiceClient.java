package dev.kumo.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.gateway.compute.ComputeError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Calls another Kumo service's API on behalf of the caller (with the caller's own token), for the compute API:
 * a 404 is an empty answer, and a service that does not answer (or answers oddly) is a 503 naming it, so a
 * client can tell "not there" from "try again".
 */
public final class ServiceClient {

    private static final Logger LOG = Logger.getLogger(ServiceClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String service;
    private final String baseUrl;

    /** {@code service} names it in errors ("image", "network"); {@code baseUrl} is where its API is. */
    public ServiceClient(String service, String baseUrl) {
        this.service = service;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The body of a GET of {@code path}; empty for a 404. */
    public Optional<JsonNode> get(String path, String token) {
        HttpRequest request = request(path, token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw unavailable(path + " answered " + response.statusCode());
        }
        try {
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            throw unavailable(path + " answered what is not JSON: " + e.getMessage());
        }
    }

    /** A request to {@code path} with the caller's token and the timeout, for the caller to finish. */
    public HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).header("X-Auth-Token", token);
    }

    /** Sends the request; a 503 naming the service when it cannot be reached. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    public ComputeError unavailable(String why) {
        LOG.warnf("%s service unavailable: %s", service, why);
        return new ComputeError(503, "The " + service + " service is unavailable; try again shortly.");
    }
}
