package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.Microversion;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The body of the {@code rebuild} action, validated as the requested microversion defines it. */
public record RebuildRequest(String imageRef, String name, Map<String, String> metadata, String description,
        boolean describes, String adminPass) {

    private static final Set<String> KEYS = Set.of("imageRef", "name", "adminPass", "metadata", "OS-DCF:diskConfig",
            "accessIPv4", "accessIPv6", "personality", "preserve_ephemeral");

    static RebuildRequest from(JsonNode rebuild, Microversion version) {
        if (rebuild == null || !rebuild.isObject()) {
            throw Fields.invalid("rebuild", rebuild, "It must be an object.");
        }
        Set<String> allowed = new HashSet<>(KEYS);
        if (version.atLeast(19)) {
            allowed.add("description");
        }
        Fields.onlyKnown(rebuild, allowed);
        String image = Fields.requiredString(rebuild, "imageRef", 1, 255);
        int slash = image.lastIndexOf('/');
        image = slash >= 0 ? image.substring(slash + 1) : image;
        if (!Fields.isUuid(image)) {
            throw ComputeError.badRequest("Invalid imageRef provided.");
        }
        String name = rebuild.has("name") ? Fields.name(rebuild, "name", 255) : null;
        Map<String, String> metadata = rebuild.has("metadata") ? Fields.metadata("metadata", rebuild.get("metadata"))
                : null;
        return new RebuildRequest(Fields.uuid("imageRef", image).toString(), name, metadata,
                Fields.optionalString(rebuild, "description", 0, 255), rebuild.has("description"),
                Fields.optionalString(rebuild, "adminPass", 0, 255));
    }

    void apply(Instance instance) {
        if (name != null) {
            instance.name = name;
            instance.hostname = Hostnames.of(name);
        }
        if (metadata != null) {
            instance.metadata.clear();
            instance.metadata.putAll(metadata);
        }
        if (describes) {
            instance.description = description;
        }
    }
}
