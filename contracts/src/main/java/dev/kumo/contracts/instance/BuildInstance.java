package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * api-gateway asks the scheduler to place and build a new instance. {@code networks} are the interfaces it asked
 * for, resolved and checked by the gateway (none: no network interface).
 */
@Contract(type = "instance.build", topic = Topics.INSTANCE_REQUESTS)
public record BuildInstance(
        UUID instanceId,
        String projectId,
        String userId,
        String name,
        String flavorId,
        Resources resources,
        String imageRef,
        Instant deadline,
        PlacementHints hints,
        GuestConfig guest,
        List<RequestedNetwork> networks) implements Message {

    public BuildInstance {
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** A build without network interfaces. */
    public BuildInstance(UUID instanceId, String projectId, String userId, String name, String flavorId,
            Resources resources, String imageRef, Instant deadline, PlacementHints hints, GuestConfig guest) {
        this(instanceId, projectId, userId, name, flavorId, resources, imageRef, deadline, hints, guest, List.of());
    }

    /** A build without guest configuration (tests, and messages from before it existed). */
    public BuildInstance(UUID instanceId, String projectId, String userId, String name, String flavorId,
            Resources resources, String imageRef, Instant deadline, PlacementHints hints) {
        this(instanceId, projectId, userId, name, flavorId, resources, imageRef, deadline, hints, null);
    }

    /** The guest's configuration, never null. */
    public GuestConfig guestConfig() {
        return guest == null ? GuestConfig.NONE : guest;
    }

    /** The hints, never null (a message from before hints existed has none). */
    public PlacementHints placementHints() {
        return hints == null ? PlacementHints.NONE : hints;
    }

    @Override
    public String key() {
        return instanceId.toString();
    }
}
