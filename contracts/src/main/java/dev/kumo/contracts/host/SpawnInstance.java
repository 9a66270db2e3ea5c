package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/** The scheduler tells one host's agent to define and start an instance it claimed room for. */
@Contract(type = "host.spawn-instance", topic = Topics.HOST_COMMANDS)
public record SpawnInstance(
        String host,
        UUID instanceId,
        String name,
        Resources resources,
        String imageRef) implements Message {

    @Override
    public String key() {
        return host;
    }
}
