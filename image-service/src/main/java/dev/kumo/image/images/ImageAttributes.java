package dev.kumo.image.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.image.errors.ImageError;
import dev.kumo.image.identity.Caller;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Sets and removes an image's attributes the way Glance's image schema allows: core attributes are
 * validated by type and value, read-only ones refused with 403, everything else is a string property.
 */
final class ImageAttributes {

    static final List<String> DISK_FORMATS = List.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");
    static final List<String> CONTAINER_FORMATS = List.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
    static final Set<String> READ_ONLY = Set.of("id", "status", "checksum", "os_hash_algo", "os_hash_value", "size",
            "virtual_size", "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations");
    static final Set<String> RESERVED = Set.of("deleted", "deleted_at");
    static final Set<String> CORE = Set.of("name", "visibility", "protected", "os_hidden", "disk_format",
            "container_format", "min_disk", "min_ram", "tags", "owner");
    static final Set<String> IMAGE_REFERENCES = Set.of("kernel_id", "ramdisk_id");
    private static final int MAX_LENGTH = 255;

    private final Caller caller;

    ImageAttributes(Caller caller) {
        this.caller = caller;
    }

    /** Refuses attributes no request may set: read-only (403) and reserved (403) ones. */
    static void requireWritable(String attribute) {
        if (READ_ONLY.contains(attribute)) {
            throw ImageError.forbidden("Attribute '" + attribute + "' is read-only.");
        }
        if (RESERVED.contains(attribute) || attribute.startsWith("os_glance")) {
            throw ImageError.forbidden("Attribute '" + attribute + "' is reserved.");
        }
    }

    /** Glance's rule for Amazon-style images: an aki, ari or ami disk comes in the container of the same name. */
    static void requireMatchingAmazonFormats(Image image) {
        List<String> amazon = List.of("aki", "ari", "ami");
        if (image.diskFormat == null || image.containerFormat == null) {
            return;
        }
        boolean amazonStyle = amazon.contains(image.diskFormat) || amazon.contains(image.containerFormat);
        if (amazonStyle && !image.diskFormat.equals(image.containerFormat)) {
            throw ImageError.badRequest("Invalid mix of disk_format '" + image.diskFormat + "' and container_format '"
                    + image.containerFormat + "': aki, ari and ami images need the same disk and container format.");
        }
    }

    static boolean isCore(String attribute) {
        return CORE.contains(attribute);
    }

    void set(Image image, String attribute, JsonNode value) {
        requireWritable(attribute);
        switch (attribute) {
            case "name" -> image.name = nullableString(attribute, value);
            case "visibility" -> image.visibility = visibility(value);
            case "protected" -> image.isProtected = bool(attribute, value);
            case "os_hidden" -> image.osHidden = bool(attribute, value);
            case "disk_format" -> image.diskFormat = format(image, attribute, value, DISK_FORMATS);
            case "container_format" -> image.containerFormat = format(image, attribute, value, CONTAINER_FORMATS);
            case "min_disk" -> image.minDisk = nonNegative(attribute, value);
            case "min_ram" -> image.minRam = nonNegative(attribute, value);
            case "tags" -> image.tags = tags(value);
            case "owner" -> image.owner = owner(value);
            default -> image.properties.put(attribute, property(attribute, value));
        }
    }

    private static String nullableString(String attribute, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return bounded(attribute, value);
    }

    static String string(String attribute, JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw ImageError.badRequest("Invalid value for '" + attribute + "': " + value + " is not a string.");
        }
        return value.textValue();
    }

    /** Names and tags are limited like Glance's columns. */
    static String bounded(String attribute, JsonNode value) {
        String text = string(attribute, value);
        if (text.length() > MAX_LENGTH) {
            throw ImageError.badRequest("Invalid value for '" + attribute + "': longer than " + MAX_LENGTH + " characters.");
        }
        return text;
    }

    private String visibility(JsonNode value) {
        String visibility = string("visibility", value);
        if (!Visibility.ALL.contains(visibility)) {
            throw ImageError.badRequest("Invalid value for 'visibility': '" + visibility + "' is not one of " + Visibility.ALL + ".");
        }
        if (Visibility.PUBLIC.equals(visibility) && !caller.isAdmin()) {
            throw ImageError.forbidden("You are not authorized to complete publicize_image action.");
        }
        return visibility;
    }

    /** Only an admin gives an image to another project (as Glance's policy); anyone may name their own. */
    private String owner(JsonNode value) {
        String owner = bounded("owner", value);
        if (!caller.isAdmin() && !owner.equals(caller.projectId())) {
            throw ImageError.forbidden("You are not permitted to set the owner of an image to '" + owner + "'.");
        }
        return owner;
    }

    private static boolean bool(String attribute, JsonNode value) {
        if (value == null || !value.isBoolean()) {
            throw ImageError.badRequest("Invalid value for '" + attribute + "': " + value + " is not a boolean.");
        }
        return value.booleanValue();
    }

    /** Glance lets the formats change only while an image has no data. */
    private static String format(Image image, String attribute, JsonNode value, List<String> allowed) {
        String format = nullableString(attribute, value);
        if (format != null && !allowed.contains(format)) {
            throw ImageError.badRequest("Invalid value for '" + attribute + "': '" + format + "' is not one of " + allowed + ".");
        }
        if (!ImageStatus.QUEUED.equals(image.status)) {
            throw ImageError.forbidden("Attribute " + attribute + " can be only replaced for a queued image.");
        }
        return format;
    }

    private static int nonNegative(String attribute, JsonNode value) {
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            throw ImageError.badRequest("Invalid value for '" + attribute + "': " + value + " is not a non-negative integer.");
        }
        return value.intValue();
    }

    private static Set<String> tags(JsonNode value) {
        if (value == null || !value.isArray()) {
            throw ImageError.badRequest("Invalid value for 'tags': " + value + " is not a list of strings.");
        }
        Set<String> tags = new TreeSet<>();
        value.forEach(tag -> tags.add(bounded("tags", tag)));
        return tags;
    }

    private static String property(String attribute, JsonNode value) {
        if (attribute.isBlank() || attribute.length() > MAX_LENGTH) {
            throw ImageError.badRequest("Invalid property name '" + attribute + "'.");
        }
        String text = string(attribute, value);
        if (IMAGE_REFERENCES.contains(attribute)) {
            try {
                UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                throw ImageError.badRequest("Invalid value for '" + attribute + "': '" + text + "' is not an image id.");
            }
        }
        return text;
    }
}
