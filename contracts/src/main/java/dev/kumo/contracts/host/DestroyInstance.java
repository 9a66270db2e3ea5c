package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/** Tells one host's agent to stop and undefine an instance's domain, if it has one. */
@Contract(type = "host.destroy-instance", topic = Topics.HOST_COMMANDS)
public record DestroyInstance(String host, UUID instanceId) implements Message {

    @Override
    public String key() {
        return host;
    }
}
