package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.GuestConfig;
import java.util.UUID;

/** The scheduler tells one host's agent to define and start an instance it claimed room for. */
@Contract(type = "host.spawn-instance", topic = Topics.HOST_COMMANDS)
public record SpawnInstance(
        String host,
        UUID instanceId,
        String name,
        Resources resources,
        String imageRef,
        GuestConfig guest) implements Message {

    /** A spawn without guest configuration (tests, and messages from before it existed). */
    public SpawnInstance(String host, UUID instanceId, String name, Resources resources, String imageRef) {
        this(host, instanceId, name, resources, imageRef, null);
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
