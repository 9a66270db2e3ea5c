package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.GuestConfig;
import java.util.UUID;

/**
 * The gateway tells the instance's host to rebuild it: the domain is destroyed and defined again from
 * {@code imageRef}, keeping the instance's id and host. Answered with {@code instance.operated} (REBUILD).
 */
@Contract(type = "host.rebuild-instance", topic = Topics.HOST_COMMANDS)
public record RebuildInstance(String host, UUID instanceId, String name, Resources resources, String imageRef,
        String requestId, GuestConfig guest) implements Message {

    /** A rebuild without guest configuration (tests, and messages from before it existed). */
    public RebuildInstance(String host, UUID instanceId, String name, Resources resources, String imageRef,
            String requestId) {
        this(host, instanceId, name, resources, imageRef, requestId, null);
    }

    /** The guest's configuration, never null. */
    public GuestConfig guestConfig() {
        return guest == null ? GuestConfig.NONE : guest;
    }

    @Override
    public String key() {
        return host;
    }
}
