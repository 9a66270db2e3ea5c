package dev.kumo.network.api;

import dev.kumo.network.errors.NeutronError;
import java.util.UUID;

/** Resource ids are UUIDs; one that is not names nothing. */
public final class Ids {

    private Ids() {
    }

    /** An id in a body: not a UUID is a 400 naming the attribute. */
    public static UUID parse(String attribute, Object value) {
        try {
            return UUID.fromString(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw NeutronError.invalidInput(attribute, "'" + value + "' is not a valid UUID");
        }
    }

    /** An id in a path: not a UUID is the resource not found. */
    public static UUID inPath(String resource, String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (!uuid.toString().equalsIgnoreCase(id)) {
                throw NeutronError.notFound(resource, id);
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw NeutronError.notFound(resource, id);
        }
    }
}
