package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;

/**
 * The body of {@code POST /servers}, validated field by field: every problem is a 400 that names the
 * field, before anything is written.
 */
public record CreateServerRequest(String name, String flavorRef, String imageRef) {

    private static final int MAX_NAME = 255;

    public static CreateServerRequest from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ComputeError.badRequest("The request body must be a JSON object.");
        }
        JsonNode server = body.get("server");
        if (server == null || !server.isObject()) {
            throw ComputeError.badRequest("Invalid input for field/attribute server. Value: missing or not an object.");
        }
        return new CreateServerRequest(name(server.get("name")), reference(server, "flavorRef", true),
                reference(server, "imageRef", false));
    }

    private static String name(JsonNode name) {
        if (name == null || !name.isTextual()) {
            throw ComputeError.badRequest("Invalid input for field/attribute name. 'name' is a required string.");
        }
        String value = name.textValue();
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw ComputeError.badRequest("Invalid input for field/attribute name. Value: " + value
                    + ". It must be 1 to " + MAX_NAME + " characters long.");
        }
        if (!value.equals(value.strip())) {
            throw ComputeError.badRequest("Invalid input for field/attribute name. Value: " + value
                    + ". It must not have leading or trailing whitespace.");
        }
        return value;
    }

    /** A flavor or image reference: an id, a number, or a URL whose last segment is the id. */
    private static String reference(JsonNode server, String field, boolean required) {
        JsonNode value = server.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty() && !required)) {
            if (required) {
                throw ComputeError.badRequest("Invalid input for field/attribute " + field + ". '" + field
                        + "' is a required property.");
            }
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw ComputeError.badRequest("Invalid input for field/attribute " + field + ". Value: " + value
                    + ". It must be a string or an integer.");
        }
        String text = value.asText().strip();
        int slash = text.lastIndexOf('/');
        String id = slash >= 0 ? text.substring(slash + 1) : text;
        if (id.isEmpty() || id.length() > 255) {
            throw ComputeError.badRequest("Invalid input for field/attribute " + field + ". Value: " + text + ".");
        }
        return id;
    }
}
