package dev.kumo.gateway.rebalance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The scheduler's {@code POST /rebalance/plan}, which plans moves from its allocations. Its 400s (naming the field)
 * come back as {@link ComputeError}s with the same message.
 */
@ApplicationScoped
public class RebalancePlans {

    private static final Logger LOG = Logger.getLogger(RebalancePlans.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI plans;

    public RebalancePlans(@ConfigProperty(name = "kumo.routes.scheduler") String scheduler) {
        this.plans = URI.create((scheduler.endsWith("/") ? scheduler.substring(0, scheduler.length() - 1)
                : scheduler) + "/rebalance/plan");
    }

    /** The plan for the policy (the body of os-rebalance without dry_run). */
    public JsonNode plan(JsonNode policy) {
        HttpRequest request = HttpRequest.newBuilder(plans).timeout(TIMEOUT)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(policy.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = json.readTree(response.body() == null || response.body().isBlank() ? "{}"
                    : response.body());
            if (response.statusCode() == 200) {
                return answer;
            }
            JsonNode error = answer.path("errors").path(0);
            if (response.statusCode() / 100 == 4 && error.has("detail")) {
                throw new ComputeError(response.statusCode(), error.path("detail").asText());
            }
            throw unavailable(plans + " answered " + response.statusCode());
        } catch (IOException e) {
            throw unavailable(plans + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static ComputeError unavailable(String why) {
        LOG.warnf("rebalance planning unavailable: %s", why);
        return new ComputeError(503, "The compute service is unavailable; try again shortly.");
    }
}
