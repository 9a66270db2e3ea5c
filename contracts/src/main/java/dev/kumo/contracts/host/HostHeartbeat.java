package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.time.Instant;

/** An agent's periodic sign of life for its host, with the number of domains it runs. */
@Contract(type = "host.heartbeat", topic = Topics.HOST_EVENTS)
public record HostHeartbeat(String host, Instant at, int runningInstances) implements Message {

    @Override
    public String key() {
        return host;
    }
}
