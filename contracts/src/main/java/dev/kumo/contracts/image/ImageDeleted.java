package dev.kumo.contracts.image;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** An image is gone, data and all: hosts may drop it from their image caches. */
@Contract(type = "image.deleted", topic = Topics.IMAGE_EVENTS)
public record ImageDeleted(UUID imageId, String owner, Instant at) implements Message {

    @Override
    public String key() {
        return imageId.toString();
    }
}
