package dev.kumo.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.routing.ServiceClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final ObjectMapper json = new ObjectMapper();
    private final ServiceClient glance;

    public ImageCatalog(@ConfigProperty(name = "kumo.routes.image-service") String imageService) {
        this.glance = new ServiceClient("image", imageService);
    }

    /** The image, if the token's project can see it; a 503 when the image service cannot answer. */
    public Optional<Image> find(String id, String token) {
        return glance.get("/v2/images/" + id, token).map(ImageCatalog::parse);
    }

    /**
     * Creates the (queued) image a server's snapshot will fill, owned by the caller's project, private, with the
     * base image's formats and inherited properties and Nova's snapshot properties; returns its id. A refusal of
     * the image service (a quota, a bad name) comes back to the caller with its status and words.
     */
    public String createSnapshot(Image base, Map<String, Object> properties, String token) {
        Map<String, Object> body = new LinkedHashMap<>(base.inherited());
        if (base.kernelId() != null) {
            body.put("kernel_id", base.kernelId());
        }
        if (base.ramdiskId() != null) {
            body.put("ramdisk_id", base.ramdiskId());
        }
        body.put("disk_format", base.diskFormat() == null ? "qcow2" : base.diskFormat());
        body.put("container_format", base.containerFormat() == null ? "bare" : base.containerFormat());
        body.put("visibility", "private");
        body.put("min_ram", base.minRamMb());
        body.put("min_disk", base.minDiskGb());
        body.putAll(properties);
        HttpResponse<String> response = glance.send(glance.request("/v2/images", token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build());
        if (response.statusCode() / 100 == 4) {
            throw new ComputeError(response.statusCode() == 413 ? 403 : 400,
                    "The image service refused the snapshot image: " + glanceMessage(response.body()));
        }
        if (response.statusCode() != 201) {
            throw glance.unavailable("answered " + response.statusCode());
        }
        try {
            return json.readTree(response.body()).path("id").asText();
        } catch (IOException e) {
            throw glance.unavailable("answered what is not JSON: " + e.getMessage());
        }
    }

    /** Deletes an image the caller made but that will not be filled; a failure is only logged. */
    public void deleteQuietly(String id, String token) {
        try {
            glance.send(glance.request("/v2/images/" + id, token).DELETE().build());
        } catch (ComputeError e) {
            LOG.warnf("cannot delete unused snapshot image %s: %s", id, e.getMessage());
        }
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("a snapshot image's properties are not JSON", e);
        }
    }

    static Image parse(JsonNode image) {
        return new Image(image.path("id").asText(), image.path("name").asText(null), image.path("status").asText(),
                image.path("min_ram").asLong(0), image.path("min_disk").asLong(0), image.path("size").asLong(0),
                text(image, "kernel_id"), text(image, "ramdisk_id"), text(image, "disk_format"),
                text(image, "container_format"), inherited(image), placement(image));
    }

    /** The properties that decide where the image may boot. */
    private static Map<String, String> placement(JsonNode image) {
        Map<String, String> placement = new LinkedHashMap<>();
        image.fields().forEachRemaining(field -> {
            String name = field.getKey();
            if ((name.startsWith("trait:") || java.util.Set.of("hw_architecture", "architecture", "img_hv_type",
                    "hypervisor_type").contains(name)) && field.getValue().isTextual()) {
                placement.put(name, field.getValue().asText());
            }
        });
        return placement;
    }

    /** The properties a snapshot keeps from its base image, as Nova's do: hardware and OS hints. */
    private static Map<String, String> inherited(JsonNode image) {
        Map<String, String> inherited = new LinkedHashMap<>();
        image.fields().forEachRemaining(field -> {
            String name = field.getKey();
            boolean hint = name.startsWith("hw_") || name.startsWith("os_") && !name.startsWith("os_hash")
                    || name.equals("architecture") || name.equals("hypervisor_type");
            if (hint && field.getValue().isTextual()) {
                inherited.put(name, field.getValue().asText());
            }
        });
        return inherited;
    }

    private String glanceMessage(String body) {
        try {
            JsonNode error = json.readTree(body);
            for (String field : new String[] {"message", "title"}) {
                JsonNode found = error.findValue(field);
                if (found != null && found.isTextual()) {
                    return found.asText();
                }
            }
        } catch (IOException e) {
            // not JSON: the body itself says it
        }
        return body.length() > 200 ? body.substring(0, 200) : body;
    }

    private static String text(JsonNode image, String field) {
        JsonNode value = image.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
