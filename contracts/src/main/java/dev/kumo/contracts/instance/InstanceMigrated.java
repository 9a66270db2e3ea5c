package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.MigrationKind;
import dev.kumo.contracts.host.PowerState;
import java.util.UUID;

/**
 * The outcome of a move between hosts. From the agent: the instance's domain is now on {@code targetHost}
 * ({@code fault} null, {@code powerState} its state there) or still on {@code sourceHost} (with the fault). From the
 * scheduler when nothing fits: {@code targetHost} and {@code powerState} null, the fault naming the reason.
 * {@code sourceHost} and {@code targetHost} are the move's: for a REVERT the source is the host it goes back from.
 */
@Contract(type = "instance.migrated", topic = Topics.INSTANCE_EVENTS)
public record InstanceMigrated(UUID instanceId, UUID migrationId, MigrationKind kind, String sourceHost,
        String targetHost, PowerState powerState, String requestId, String fault) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }

    public boolean succeeded() {
        return fault == null;
    }
}
