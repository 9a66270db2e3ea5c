package dev.kumo.image.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.image.errors.ImageError;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON patch on an image as Glance reads it: {@code add}, {@code replace} and {@code remove} on top-level
 * attributes ({@code /name}, {@code /tags}, {@code /hw_disk_bus}...). Core attributes may be replaced but never
 * removed; a property must exist to be replaced or removed (409 otherwise). Each change is written either as
 * RFC 6902 has it ({@code {"op": "replace", "path": "/name", "value": ...}}) or in the older form of JSON
 * patch draft 4 that Glance still reads and clients such as Tempest send ({@code {"replace": "/name", "value": ...}}).
 */
public final class ImagePatch {

    public static final String MEDIA_TYPE = "application/openstack-images-v2.1-json-patch";
    public static final String MEDIA_TYPE_2_0 = "application/openstack-images-v2.0-json-patch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OPERATIONS = List.of("add", "replace", "remove");

    record Change(String op, String attribute, JsonNode value) {
    }

    private final List<Change> changes;

    private ImagePatch(List<Change> changes) {
        this.changes = changes;
    }

    public static ImagePatch parse(String body) {
        JsonNode document;
        try {
            document = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw ImageError.badRequest("Malformed JSON patch: " + e.getOriginalMessage());
        }
        if (document == null || !document.isArray()) {
            throw ImageError.badRequest("A JSON patch must be a list of changes.");
        }
        List<Change> changes = new ArrayList<>();
        for (JsonNode change : document) {
            changes.add(change(change));
        }
        return new ImagePatch(changes);
    }

    List<Change> changes() {
        return changes;
    }

    private static Change change(JsonNode change) {
        if (!change.isObject()) {
            throw ImageError.badRequest("Each change of a JSON patch must be an object with 'op' and 'path'.");
        }
        if (!change.has("op")) {
            return draft4Change(change);
        }
        String op = change.path("op").asText(null);
        if (op == null || !OPERATIONS.contains(op)) {
            throw ImageError.badRequest("Invalid operation " + change.get("op") + ": use add, replace or remove.");
        }
        JsonNode path = change.get("path");
        if (path == null || !path.isTextual()) {
            throw ImageError.badRequest("Each change of a JSON patch needs a 'path' string.");
        }
        if (!op.equals("remove") && !change.has("value")) {
            throw ImageError.badRequest("The '" + op + "' change of '" + path.textValue() + "' needs a 'value'.");
        }
        return new Change(op, attribute(path.textValue()), change.get("value"));
    }

    /** {@code {"replace": "/name", "value": "x"}}: the operation is the key, the path its value. */
    private static Change draft4Change(JsonNode change) {
        List<String> ops = OPERATIONS.stream().filter(change::has).toList();
        if (ops.size() != 1) {
            throw ImageError.badRequest("Each change of a JSON patch must name one operation: add, replace or remove.");
        }
        String op = ops.get(0);
        JsonNode path = change.get(op);
        if (!path.isTextual()) {
            throw ImageError.badRequest("The '" + op + "' change needs a path string, like '/name'.");
        }
        if (!op.equals("remove") && !change.has("value")) {
            throw ImageError.badRequest("The '" + op + "' change of '" + path.textValue() + "' needs a 'value'.");
        }
        return new Change(op, attribute(path.textValue()), change.get("value"));
    }

    /** A JSON pointer to one top-level attribute, with ~1 and ~0 unescaped. */
    static String attribute(String pointer) {
        if (!pointer.startsWith("/") || pointer.length() < 2 || pointer.indexOf('/', 1) >= 0) {
            throw ImageError.badRequest("Invalid path '" + pointer + "': point at one attribute, like '/name'.");
        }
        return pointer.substring(1).replace("~1", "/").replace("~0", "~");
    }

    void apply(Image image, ImageAttributes attributes, boolean strictAdd) {
        for (Change change : changes) {
            String attribute = change.attribute();
            ImageAttributes.requireWritable(attribute);
            boolean core = ImageAttributes.isCore(attribute);
            boolean present = core || image.properties.containsKey(attribute);
            switch (change.op()) {
                case "add" -> {
                    if (strictAdd && present && !core) {
                        throw ImageError.conflict("Property " + attribute + " already present.");
                    }
                    attributes.set(image, attribute, change.value());
                }
                case "replace" -> {
                    if (!present) {
                        throw ImageError.conflict("Property " + attribute + " does not exist.");
                    }
                    attributes.set(image, attribute, change.value());
                }
                default -> {
                    if (core) {
                        throw ImageError.forbidden("Property " + attribute + " may not be removed.");
                    }
                    if (image.properties.remove(attribute) == null) {
                        throw ImageError.conflict("Property " + attribute + " does not exist.");
                    }
                }
            }
        }
    }
}
