package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading Keystone's request bodies: {@code {"project": {...}}} and the like, with Keystone's 400s. */
final class KeystoneRequest {

    private KeystoneRequest() {
    }

    /** The object under {@code key}, or a 400 naming what is missing. */
    static JsonNode object(JsonNode body, String key) {
        JsonNode object = body == null ? null : body.get(key);
        if (object == null || !object.isObject()) {
            throw IdentityError.badRequest("Expecting to find " + key + " in request body.");
        }
        return object;
    }

    /** A string field, or null when absent; a 400 when present but not a string. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw IdentityError.badRequest("Invalid input for field '" + field + "': " + value + " is not a string.");
        }
        return value.asText();
    }

    /** A required non-blank string field of at most 255 characters. */
    static String required(JsonNode object, String field) {
        return required(object, field, 255);
    }

    /** A required non-blank string field of at most {@code maxLength} characters (Keystone's column sizes). */
    static String required(JsonNode object, String field, int maxLength) {
        String value = text(object, field);
        if (value == null || value.isBlank()) {
            throw IdentityError.badRequest("Invalid input for field '" + field + "': a value is required.");
        }
        if (value.length() > maxLength) {
            throw IdentityError.badRequest("Invalid input for field '" + field + "': longer than " + maxLength
                    + " characters.");
        }
        return value;
    }

    /** A boolean field, or null when absent; a 400 when present but not a boolean. */
    static Boolean bool(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw IdentityError.badRequest("Invalid input for field '" + field + "': " + value + " is not a boolean.");
        }
        return value.asBoolean();
    }
}
