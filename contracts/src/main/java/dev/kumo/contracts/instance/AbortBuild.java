package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * api-gateway gave up on a build that passed its deadline and put the instance in ERROR: whatever was
 * claimed or started for it must be released, whether or not the host ever answers.
 */
@Contract(type = "instance.abort-build", topic = Topics.INSTANCE_REQUESTS)
public record AbortBuild(UUID instanceId, String reason) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
