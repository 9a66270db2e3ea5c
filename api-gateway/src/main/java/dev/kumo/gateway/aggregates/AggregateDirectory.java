package dev.kumo.gateway.aggregates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.kumo.gateway.compute.ComputeError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The scheduler's {@code /aggregates} API, which owns host aggregates. Its errors ({@code {"errors": [{"status",
 * "detail"}]}}) come back as {@link ComputeError}s with the same status and message.
 */
@ApplicationScoped
public class AggregateDirectory {

    private static final Logger LOG = Logger.getLogger(AggregateDirectory.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String aggregates;

    public AggregateDirectory(@ConfigProperty(name = "kumo.routes.scheduler") String scheduler) {
        this.aggregates = (scheduler.endsWith("/") ? scheduler.substring(0, scheduler.length() - 1) : scheduler)
                + "/aggregates";
    }

    /** Sends the request to the scheduler and returns its JSON answer (a null node for an empty one). */
    public JsonNode call(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(aggregates + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body() == null || response.body().isBlank() ? NullNode.getInstance()
                    : json.readTree(response.body());
            if (response.statusCode() / 100 == 2) {
                return answer;
            }
            JsonNode error = answer.path("errors").path(0);
            if (response.statusCode() / 100 == 4 && error.has("detail")) {
                throw new ComputeError(response.statusCode(), error.path("detail").asText());
            }
            throw unavailable(request.uri() + " answered " + response.statusCode());
        } catch (IOException e) {
            throw unavailable(request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static ComputeError unavailable(String why) {
        LOG.warnf("aggregates unavailable: %s", why);
        return new ComputeError(503, "The compute service is unavailable; try again shortly.");
    }
}
