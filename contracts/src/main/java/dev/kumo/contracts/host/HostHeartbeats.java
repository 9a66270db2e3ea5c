package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.time.Instant;
import java.util.List;

/**
 * The heartbeats of many hosts of one agent process in one message: a simulated fleet of 10,000 hosts sends a few
 * dozen of these per interval instead of 10,000 {@link HostHeartbeat}s, and the scheduler applies each in one
 * statement. Keyed by the agent, so one agent's batches stay in order; a heartbeat never moves a host's time back,
 * so their order against the hosts' own registrations does not matter.
 */
@Contract(type = "host.heartbeats", topic = Topics.HOST_EVENTS)
public record HostHeartbeats(String agent, Instant at, List<Beat> hosts) implements Message {

    /** One host's part: its name and the number of domains it runs. */
    public record Beat(String host, int runningInstances) {
    }

    public HostHeartbeats {
        hosts = List.copyOf(hosts);
    }

    @Override
    public String key() {
        return agent;
    }
}
