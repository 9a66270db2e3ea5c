package dev.kumo.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The image service's Glance v2 API as the caller sees it (their own token): what Nova's deprecated image proxy
 * ({@code /compute/v2.1/images}) reads and changes. Glance's refusals come back as the compute API's errors.
 */
@ApplicationScoped
public class GlanceCalls {

    private static final Logger LOG = Logger.getLogger(GlanceCalls.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int PAGE = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String imageService;
    private final BootImages bootImages;

    public GlanceCalls(@ConfigProperty(name = "kumo.routes.image-service") String imageService,
            BootImages bootImages) {
        this.bootImages = bootImages;
        this.imageService = imageService.endsWith("/") ? imageService.substring(0, imageService.length() - 1)
                : imageService;
    }

    /** Every image the caller sees that matches Glance's filters, newest first, read page by page. */
    public List<JsonNode> list(Map<String, String> filters, String token) {
        StringBuilder query = new StringBuilder("?limit=" + PAGE);
        filters.forEach((name, value) -> query.append('&').append(encode(name)).append('=').append(encode(value)));
        List<JsonNode> images = new ArrayList<>();
        String next = "/v2/images" + query;
        while (next != null) {
            JsonNode page = send(get(next, token), "list images").orElseThrow();
            page.path("images").forEach(images::add);
            next = page.hasNonNull("next") ? page.get("next").asText() : null;
        }
        return images;
    }

    public Optional<JsonNode> find(String id, String token) {
        return send(get("/v2/images/" + encode(id), token), "show image " + id);
    }

    /** Deletes the image; false when the caller cannot see it. */
    public boolean delete(String id, String token) {
        try {
            return send(request("/v2/images/" + encode(id), token).DELETE().build(), "delete image " + id)
                    .isPresent();
        } finally {
            bootImages.forget(id);
        }
    }

    /** Applies JSON-patch operations to the image; empty when the caller cannot see it. */
    public Optional<JsonNode> patch(String id, ArrayNode operations, String token) {
        HttpRequest request = request("/v2/images/" + encode(id), token)
                .header("Content-Type", "application/openstack-images-v2.1-json-patch")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(operations.toString()))
                .build();
        try {
            return send(request, "update image " + id);
        } finally {
            bootImages.forget(id);
        }
    }

    private HttpRequest get(String path, String token) {
        return request(path, token).GET().build();
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(imageService + path))
                .timeout(TIMEOUT)
                .header("X-Auth-Token", token)
                .header("Accept", "application/json");
    }

    /** The answer's JSON (a missing node for an empty body); empty for a 404; a compute error for a refusal. */
    private Optional<JsonNode> send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 404) {
                return Optional.empty();
            }
            if (status / 100 == 2) {
                return Optional.of(response.body().isBlank() ? json.missingNode() : json.readTree(response.body()));
            }
            if (status / 100 == 4) {
                throw new ComputeError(status == 413 ? 403 : status, "The image service refused to " + what + ": "
                        + message(response.body()));
            }
            throw unavailable(what + " answered " + status);
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private String message(String body) {
        try {
            JsonNode found = json.readTree(body).findValue("message");
            if (found != null && found.isTextual()) {
                return found.asText();
            }
        } catch (IOException e) {
            // not JSON: the body says it
        }
        return body.length() > 200 ? body.substring(0, 200) : body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ComputeError unavailable(String why) {
        LOG.warnf("image service unavailable: %s", why);
        return new ComputeError(503, "The image service is unavailable; try again shortly.");
    }
}
