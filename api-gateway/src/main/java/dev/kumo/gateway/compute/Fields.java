package dev.kumo.gateway.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and validates the fields of a request body the way Nova's JSON schemas do: each problem is a 400
 * whose message names the field, raised before anything is written.
 */
public final class Fields {

    private Fields() {
    }

    public static ComputeError invalid(String field, Object value, String why) {
        return ComputeError.badRequest("Invalid input for field/attribute " + field + ". Value: " + value + ". " + why);
    }

    /** The object under {@code key} of the body, e.g. {@code server} of {@code {"server": {...}}}. */
    public static JsonNode object(JsonNode body, String key) {
        if (body == null || !body.isObject()) {
            throw ComputeError.badRequest("The request body must be a JSON object.");
        }
        JsonNode value = body.get(key);
        if (value == null || !value.isObject()) {
            throw ComputeError.badRequest("Invalid input for field/attribute " + key + ". Value: " + value
                    + ". '" + key + "' is a required property and must be an object.");
        }
        return value;
    }

    /** Rejects keys the schema does not define, like Nova's {@code additionalProperties: false}. */
    public static void onlyKnown(JsonNode object, Set<String> allowed) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ComputeError.badRequest("Invalid input for field/attribute " + name
                        + ". Additional properties are not allowed ('" + name + "' was unexpected).");
            }
        }
    }

    public static String requiredString(JsonNode object, String field, int min, int max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw ComputeError.badRequest("Invalid input for field/attribute " + field + ". '" + field
                    + "' is a required property.");
        }
        return string(field, value, min, max);
    }

    public static String optionalString(JsonNode object, String field, int min, int max) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : string(field, value, min, max);
    }

    public static String string(String field, JsonNode value, int min, int max) {
        if (!value.isTextual()) {
            throw invalid(field, value, value + " is not of type 'string'.");
        }
        String text = value.textValue();
        if (text.length() < min) {
            throw invalid(field, text, "'" + text + "' is too short (at least " + min + " characters).");
        }
        if (text.length() > max) {
            throw invalid(field, text, "It is too long (at most " + max + " characters).");
        }
        return text;
    }

    /** A name as Nova accepts it: no leading or trailing whitespace, printable. */
    public static String name(JsonNode object, String field, int max) {
        String name = requiredString(object, field, 1, max);
        checkName(field, name);
        return name;
    }

    public static void checkName(String field, String name) {
        if (!name.equals(name.strip())) {
            throw invalid(field, name, "It must not have leading or trailing whitespace.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, name, "It must not contain control characters.");
        }
    }

    public static Integer optionalInt(JsonNode object, String field, int min, int max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return integer(field, value, min, max);
    }

    public static int integer(String field, JsonNode value, int min, int max) {
        long number;
        if (value.isIntegralNumber()) {
            number = value.longValue();
        } else if (value.isTextual() && value.textValue().strip().matches("-?\\d{1,18}")) {
            number = Long.parseLong(value.textValue().strip());
        } else {
            throw invalid(field, value, value + " is not of type 'integer'.");
        }
        if (number < min) {
            throw invalid(field, value, number + " is less than the minimum of " + min + ".");
        }
        if (number > max) {
            throw invalid(field, value, number + " is greater than the maximum of " + max + ".");
        }
        return (int) number;
    }

    public static Boolean optionalBoolean(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            switch (value.textValue().strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on", "t", "y":
                    return true;
                case "false", "0", "no", "off", "f", "n":
                    return false;
                default:
                    break;
            }
        }
        throw invalid(field, value, value + " is not of type 'boolean'.");
    }

    private static final java.util.regex.Pattern UUID_FORMAT = java.util.regex.Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");

    /** Whether the text is a UUID, with or without dashes. */
    public static boolean isUuid(String value) {
        return value != null && UUID_FORMAT.matcher(value).matches();
    }

    public static UUID uuid(String field, String value) {
        if (!isUuid(value)) {
            throw invalid(field, value, "'" + value + "' is not a 'uuid'.");
        }
        String hex = value.replace("-", "");
        return UUID.fromString(hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
    }

    /** Metadata: an object of string keys (1-255) to string values (0-255). */
    public static Map<String, String> metadata(String field, JsonNode value) {
        if (value == null || !value.isObject()) {
            throw invalid(field, value, value + " is not of type 'object'.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > 255) {
                throw invalid(field, key, "Metadata keys must be 1 to 255 characters long.");
            }
            JsonNode item = entry.getValue();
            if (!item.isTextual()) {
                throw invalid(field + "/" + key, item, item + " is not of type 'string'.");
            }
            if (item.textValue().length() > 255) {
                throw invalid(field + "/" + key, item.textValue(), "Metadata values must be at most 255 characters long.");
            }
            metadata.put(key, item.textValue());
        }
        return metadata;
    }

    /** An ISO 8601 date-time query parameter (with or without an offset, UTC when none); 400 otherwise. */
    public static java.time.Instant time(String field, String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException again) {
                throw ComputeError.badRequest("Invalid input for query parameters " + field + ". Value: " + value
                        + ". It is not a valid ISO 8601 date-time.");
            }
        }
    }
}
