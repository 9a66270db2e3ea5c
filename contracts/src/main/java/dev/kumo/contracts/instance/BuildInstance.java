package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** api-gateway asks the scheduler to place and build a new instance. */
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
        PlacementHints hints) implements Message {

    /** The hints, never null (a message from before hints existed has none). */
    public PlacementHints placementHints() {
        return hints == null ? PlacementHints.NONE : hints;
    }

    @Override
    public String key() {
        return instanceId.toString();
    }
}
