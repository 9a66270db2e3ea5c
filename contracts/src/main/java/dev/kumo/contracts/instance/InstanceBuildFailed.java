package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * The build cannot complete. {@code host} is null when no host was chosen. {@code code} is the HTTP-like
 * status Nova shows in the instance fault (500 for a host failure), {@code reason} a sentence for the user.
 */
@Contract(type = "instance.build-failed", topic = Topics.INSTANCE_EVENTS)
public record InstanceBuildFailed(UUID instanceId, String host, int code, String reason) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
