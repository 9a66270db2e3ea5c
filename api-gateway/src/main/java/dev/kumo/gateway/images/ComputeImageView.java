package dev.kumo.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.Links;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Glance image in the shape of Nova's image proxy. */
@ApplicationScoped
public class ComputeImageView {

    private static final DateTimeFormatter NOVA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Glance's own attributes; every other field of an image is a property, which Nova calls metadata. */
    private static final Set<String> ATTRIBUTES = Set.of("id", "name", "status", "visibility", "protected",
            "checksum", "owner", "size", "virtual_size", "min_ram", "min_disk", "disk_format", "container_format",
            "created_at", "updated_at", "tags", "file", "schema", "self", "os_hash_algo", "os_hash_value",
            "os_hidden", "direct_url", "locations", "stores");

    public Map<String, Object> basic(JsonNode image, UriInfo uri) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", image.path("id").asText());
        view.put("name", image.path("name").isNull() ? null : image.path("name").asText());
        view.put("links", links(image.path("id").asText(), uri));
        return view;
    }

    public Map<String, Object> detail(JsonNode image, UriInfo uri) {
        Map<String, Object> view = basic(image, uri);
        view.put("minRam", image.path("min_ram").asInt(0));
        view.put("minDisk", image.path("min_disk").asInt(0));
        view.put("metadata", properties(image));
        view.put("created", time(image.path("created_at").asText(null)));
        view.put("updated", time(image.path("updated_at").asText(null)));
        view.put("status", status(image));
        view.put("progress", progress(image));
        view.put("OS-EXT-IMG-SIZE:size", image.path("size").isNumber() ? image.path("size").asLong() : null);
        String server = image.path("instance_uuid").asText(null);
        if (server != null) {
            view.put("server", Map.of("id", server, "links", Links.of(uri, "servers", server)));
        }
        return view;
    }

    /** The image's properties as strings: Nova's image metadata. */
    public static Map<String, String> properties(JsonNode image) {
        Map<String, String> properties = new LinkedHashMap<>();
        image.fields().forEachRemaining(field -> {
            if (!ATTRIBUTES.contains(field.getKey()) && !field.getValue().isNull()) {
                properties.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        });
        return properties;
    }

    /** Nova's image status for Glance's. */
    public static String status(JsonNode image) {
        return switch (image.path("status").asText()) {
            case "active" -> "ACTIVE";
            case "queued", "saving", "uploading", "importing" -> "SAVING";
            case "deleted", "pending_delete" -> "DELETED";
            case "killed", "deactivated" -> "ERROR";
            default -> "UNKNOWN";
        };
    }

    private static int progress(JsonNode image) {
        return switch (image.path("status").asText()) {
            case "queued" -> 25;
            case "saving" -> 50;
            case "active" -> 100;
            default -> 0;
        };
    }

    private static List<Map<String, String>> links(String id, UriInfo uri) {
        List<Map<String, String>> links = new ArrayList<>(Links.of(uri, "images", id));
        String base = uri.getBaseUri().toString();
        links.add(Map.of("rel", "alternate", "type", "application/vnd.openstack.image",
                "href", (base.endsWith("/") ? base : base + "/") + "image/v2/images/" + id));
        return links;
    }

    private static String time(String glanceTime) {
        return glanceTime == null ? null
                : NOVA_TIME.format(Instant.parse(glanceTime).truncatedTo(ChronoUnit.SECONDS));
    }
}
