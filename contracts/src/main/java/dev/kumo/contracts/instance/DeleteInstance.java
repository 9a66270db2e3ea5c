package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * api-gateway asks for an instance to be deleted. It travels on the requests topic, keyed like the
 * build request, so the scheduler always sees the build before the delete of the same instance.
 */
@Contract(type = "instance.delete", topic = Topics.INSTANCE_REQUESTS)
public record DeleteInstance(UUID instanceId, String projectId) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
