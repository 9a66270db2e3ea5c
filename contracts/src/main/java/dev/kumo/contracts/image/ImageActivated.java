package dev.kumo.contracts.image;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * An image's data is stored and hashed: it can be booted from. Consumers that fetch the data verify it against
 * {@code osHashValue} (sha512).
 */
@Contract(type = "image.activated", topic = Topics.IMAGE_EVENTS)
public record ImageActivated(UUID imageId, String owner, long size, String osHashAlgo, String osHashValue,
        Instant at) implements Message {

    @Override
    public String key() {
        return imageId.toString();
    }
}
