package dev.kumo.gateway.images;

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
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Looks images up in the image service (Glance v2) with the caller's own token, so a tenant can only boot
 * from images it can see.
 */
@ApplicationScoped
public class ImageCatalog {

    private static final Logger LOG = Logger.getLogger(ImageCatalog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String imageService;

    public ImageCatalog(@ConfigProperty(name = "kumo.routes.image-service") String imageService) {
        this.imageService = imageService.endsWith("/") ? imageService.substring(0, imageService.length() - 1)
                : imageService;
    }

    /** The image, if the token's project can see it; a 503 when the image service cannot answer. */
    public Optional<Image> find(String id, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(imageService + "/v2/images/" + id))
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
                throw unavailable("answered " + response.statusCode());
            }
            return Optional.of(parse(json.readTree(response.body())));
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    static Image parse(JsonNode image) {
        return new Image(image.path("id").asText(), image.path("name").asText(null), image.path("status").asText(),
                image.path("min_ram").asLong(0), image.path("min_disk").asLong(0), image.path("size").asLong(0),
                text(image, "kernel_id"), text(image, "ramdisk_id"));
    }

    private static String text(JsonNode image, String field) {
        JsonNode value = image.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ComputeError unavailable(String why) {
        LOG.warnf("image service unavailable: %s", why);
        return new ComputeError(503, "The image service is unavailable; try again shortly.");
    }
}
