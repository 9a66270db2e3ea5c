package dev.kumo.contracts.image;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** image-service created an image (queued, no data yet). */
@Contract(type = "image.created", topic = Topics.IMAGE_EVENTS)
public record ImageCreated(UUID imageId, String name, String owner, String visibility, Instant at)
        implements Message {

    @Override
    public String key() {
        return imageId.toString();
    }
}
