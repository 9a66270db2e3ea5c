package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.SpawnInstance;
import java.util.UUID;

/**
 * A host could not spawn an instance (and left nothing of it behind). The scheduler decides what follows: another
 * host for a build that has attempts left, or {@link InstanceBuildFailed}. {@code spawn} is the command that failed,
 * with the build request and its earlier failures.
 */
@Contract(type = "instance.spawn-failed", topic = Topics.INSTANCE_EVENTS)
public record InstanceSpawnFailed(UUID instanceId, String host, String reason, SpawnInstance spawn)
        implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
