package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * The gateway tells the instance's host to change its domain's power state. {@code requestId} names the server
 * action this realizes, so that its outcome lands on the right entry of the instance's action history.
 */
@Contract(type = "host.operate-instance", topic = Topics.HOST_COMMANDS)
public record OperateInstance(String host, UUID instanceId, PowerOperation operation, String requestId)
        implements Message {

    @Override
    public String key() {
        return host;
    }
}
