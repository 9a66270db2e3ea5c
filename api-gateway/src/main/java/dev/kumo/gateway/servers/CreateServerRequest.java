package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.Microversion;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The body of {@code POST /servers}, validated field by field as the requested microversion defines it: every
 * problem is a 400 that names the field, before anything is written.
 */
public record CreateServerRequest(
        String name,
        String flavorRef,
        String imageRef,
        String description,
        String keyName,
        String userData,
        Map<String, String> metadata,
        List<String> securityGroups,
        String availabilityZone,
        NetworkRequest networks,
        boolean configDrive,
        String accessIpv4,
        String accessIpv6,
        int minCount,
        int maxCount,
        boolean returnReservationId,
        UUID group,
        String adminPass,
        List<UUID> sameHost,
        List<UUID> differentHost) {

    private static final int MAX_USER_DATA = 65535;
    private static final Set<String> BODY_KEYS = Set.of("server", "os:scheduler_hints", "OS-SCH-HNT:scheduler_hints");
    private static final Set<String> SERVER_KEYS = Set.of("name", "imageRef", "flavorRef", "adminPass", "metadata",
            "networks", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "personality", "availability_zone",
            "block_device_mapping", "block_device_mapping_v2", "config_drive", "key_name", "min_count", "max_count",
            "return_reservation_id", "security_groups", "user_data");

    /** What the client asked for its networking: Neutron's "auto" or "none", or given interfaces. */
    public record NetworkRequest(String mode, List<Interface> interfaces) {

        static final NetworkRequest AUTO = new NetworkRequest("auto", List.of());
        static final NetworkRequest NONE = new NetworkRequest("none", List.of());

        boolean isGiven() {
            return "given".equals(mode);
        }

        boolean isAuto() {
            return "auto".equals(mode);
        }
    }

    /** One interface of a {@code networks} list: a network (and a fixed IP on it) or an existing port. */
    public record Interface(String networkId, String portId, String fixedIp, String tag) {
    }

    public static CreateServerRequest from(JsonNode body, Microversion version) {
        JsonNode server = Fields.object(body, "server");
        Fields.onlyKnown(body, BODY_KEYS);
        Set<String> allowed = new HashSet<>(SERVER_KEYS);
        if (version.atLeast(19)) {
            allowed.add("description");
        }
        Fields.onlyKnown(server, allowed);
        int minCount = count(server, "min_count");
        int maxCount = count(server, "max_count");
        if (server.has("max_count") && !server.has("min_count")) {
            minCount = Math.min(minCount, maxCount);
        }
        if (server.has("min_count") && !server.has("max_count")) {
            maxCount = minCount;
        }
        if (minCount > maxCount) {
            throw ComputeError.badRequest("min_count must be <= max_count");
        }
        checkUnsupported(server);
        return new CreateServerRequest(
                Fields.name(server, "name", 255),
                reference(server, "flavorRef", true),
                image(server),
                Fields.optionalString(server, "description", 0, 255),
                Fields.optionalString(server, "key_name", 1, 255),
                userData(server.get("user_data")),
                server.has("metadata") ? Fields.metadata("metadata", server.get("metadata")) : Map.of(),
                securityGroups(server.get("security_groups")),
                Fields.optionalString(server, "availability_zone", 1, 255),
                networks(server.get("networks"), version),
                Boolean.TRUE.equals(Fields.optionalBoolean(server, "config_drive")),
                ip(server, "accessIPv4", false),
                ip(server, "accessIPv6", true),
                minCount,
                maxCount,
                Boolean.TRUE.equals(Fields.optionalBoolean(server, "return_reservation_id")),
                group(body),
                Fields.optionalString(server, "adminPass", 0, 255),
                instances(hints(body), "same_host"),
                instances(hints(body), "different_host"));
    }

    private static void checkUnsupported(JsonNode server) {
        JsonNode diskConfig = server.get("OS-DCF:diskConfig");
        if (diskConfig != null && !("AUTO".equals(diskConfig.asText()) || "MANUAL".equals(diskConfig.asText()))) {
            throw Fields.invalid("OS-DCF:diskConfig", diskConfig, "It must be AUTO or MANUAL.");
        }
        for (String mapping : List.of("block_device_mapping", "block_device_mapping_v2")) {
            JsonNode value = server.get(mapping);
            if (value != null && !(value.isArray() && value.isEmpty())) {
                throw ComputeError.badRequest("Invalid input for field/attribute " + mapping
                        + ". Kumo has no block storage service: boot from an image instead.");
            }
        }
        JsonNode personality = server.get("personality");
        if (personality != null && !personality.isArray()) {
            throw Fields.invalid("personality", personality, personality + " is not of type 'array'.");
        }
    }

    private static String image(JsonNode server) {
        String image = reference(server, "imageRef", false);
        if (image == null) {
            throw ComputeError.badRequest("Missing imageRef attribute: Kumo boots every server from an image.");
        }
        if (!Fields.isUuid(image)) {
            throw ComputeError.badRequest("Invalid imageRef provided.");
        }
        return Fields.uuid("imageRef", image).toString();
    }

    private static int count(JsonNode server, String field) {
        Integer value = Fields.optionalInt(server, field, 1, Integer.MAX_VALUE);
        return value == null ? 1 : value;
    }

    private static String userData(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = Fields.string("user_data", value, 0, MAX_USER_DATA);
        try {
            Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ComputeError.badRequest("User data needs to be valid base 64.");
        }
        return text;
    }

    private static List<String> securityGroups(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of("default");
        }
        if (!value.isArray()) {
            throw Fields.invalid("security_groups", value, value + " is not of type 'array'.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode group : value) {
            if (!group.isObject() || !group.has("name")) {
                throw Fields.invalid("security_groups", group, "Each security group is an object with a 'name'.");
            }
            String name = Fields.string("security_groups/name", group.get("name"), 1, 255);
            if (name.contains(",")) {
                throw Fields.invalid("security_groups/name", name, "It must not contain a comma.");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names.isEmpty() ? List.of("default") : names;
    }

    private static NetworkRequest networks(JsonNode value, Microversion version) {
        if (value == null) {
            if (version.atLeast(37)) {
                throw ComputeError.badRequest("Invalid input for field/attribute networks. 'networks' is a required"
                        + " property (microversion 2.37 and later).");
            }
            return NetworkRequest.AUTO;
        }
        if (value.isTextual() && version.atLeast(37)) {
            return switch (value.textValue()) {
                case "auto" -> NetworkRequest.AUTO;
                case "none" -> NetworkRequest.NONE;
                default -> throw Fields.invalid("networks", value.textValue(), "It must be 'auto', 'none' or a list.");
            };
        }
        if (!value.isArray()) {
            throw Fields.invalid("networks", value, value + " is not of type 'array'.");
        }
        List<Interface> interfaces = new ArrayList<>();
        for (JsonNode network : value) {
            if (!network.isObject()) {
                throw Fields.invalid("networks", network, network + " is not of type 'object'.");
            }
            Fields.onlyKnown(network, version.atLeast(32) ? Set.of("uuid", "port", "fixed_ip", "tag")
                    : Set.of("uuid", "port", "fixed_ip"));
            String uuid = Fields.optionalString(network, "uuid", 1, 255);
            String port = Fields.optionalString(network, "port", 1, 255);
            if (uuid == null && port == null) {
                throw ComputeError.badRequest("Bad networks format: each network needs a uuid or a port.");
            }
            if (uuid != null && !Fields.isUuid(uuid)) {
                throw ComputeError.badRequest("Bad networks format: network uuid is not in proper format (" + uuid
                        + ")");
            }
            if (port != null && !Fields.isUuid(port)) {
                throw Fields.invalid("networks", port, "'" + port + "' is not a 'uuid'.");
            }
            String fixedIp = fixedIp(network);
            if (port != null && fixedIp != null) {
                throw ComputeError.badRequest("Specified Fixed IP '" + fixedIp + "' cannot be used with port '"
                        + port + "'; the port already has a Fixed IP allocated.");
            }
            interfaces.add(new Interface(port != null ? null : uuid, port, fixedIp,
                    Fields.optionalString(network, "tag", 1, 60)));
        }
        return new NetworkRequest("given", List.copyOf(interfaces));
    }

    private static String fixedIp(JsonNode network) {
        JsonNode value = network.get("fixed_ip");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !isIpAddress(value.textValue())) {
            throw Fields.invalid("networks", value, value + " is not a 'ip-address'.");
        }
        return value.textValue();
    }

    private static boolean isIpAddress(String text) {
        return text.matches("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)")
                || text.contains(":") && text.matches("[0-9a-fA-F:.]+");
    }

    private static String ip(JsonNode server, String field, boolean v6) {
        String value = Fields.optionalString(server, field, 0, 64);
        if (value == null || value.isEmpty()) {
            return null;
        }
        boolean valid = v6 ? value.contains(":") && value.matches("[0-9a-fA-F:.]+")
                : value.matches("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
        if (!valid) {
            throw Fields.invalid(field, value, "It is not a valid IPv" + (v6 ? "6" : "4") + " address.");
        }
        return value;
    }

    /** The scheduler hints (an object; absent or null is none). Hints Kumo does not know are ignored, as Nova's. */
    private static JsonNode hints(JsonNode body) {
        JsonNode hints = body.has("os:scheduler_hints") ? body.get("os:scheduler_hints")
                : body.get("OS-SCH-HNT:scheduler_hints");
        if (hints == null || hints.isNull()) {
            return null;
        }
        if (!hints.isObject()) {
            throw Fields.invalid("os:scheduler_hints", hints, hints + " is not of type 'object'.");
        }
        return hints;
    }

    /**
     * The servers a {@code same_host} or {@code different_host} hint names: one uuid, or a list of them, as Nova's
     * schema takes them; anything else is a 400 naming the hint.
     */
    private static List<UUID> instances(JsonNode hints, String hint) {
        JsonNode value = hints == null ? null : hints.get(hint);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(Fields.uuid(hint, value.textValue()));
        }
        if (!value.isArray()) {
            throw Fields.invalid(hint, value, value + " is not valid under any of the given schemas: a server uuid"
                    + " or a list of them.");
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonNode id : value) {
            if (!id.isTextual()) {
                throw Fields.invalid(hint, id, id + " is not of type 'string'.");
            }
            UUID uuid = Fields.uuid(hint, id.textValue());
            if (!ids.contains(uuid)) {
                ids.add(uuid);
            }
        }
        return List.copyOf(ids);
    }

    private static UUID group(JsonNode body) {
        JsonNode hints = hints(body);
        if (hints == null) {
            return null;
        }
        JsonNode group = hints.get("group");
        if (group == null || group.isNull()) {
            return null;
        }
        return Fields.uuid("os:scheduler_hints/group", Fields.string("os:scheduler_hints/group", group, 1, 255));
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
            throw Fields.invalid(field, value, "It must be a string or an integer.");
        }
        String text = value.asText().strip();
        int slash = text.lastIndexOf('/');
        String id = slash >= 0 ? text.substring(slash + 1) : text;
        if (id.isEmpty() || id.length() > 255) {
            throw Fields.invalid(field, text, "It is not a valid reference.");
        }
        return id;
    }
}
