package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * A cold migration stays on {@code targetHost}: the scheduler releases what the instance held on
 * {@code sourceHost}. The hosts are named because this may overtake the scheduler's own record of the move.
 */
@Contract(type = "instance.confirm-migration", topic = Topics.INSTANCE_REQUESTS)
public record MigrationConfirmed(UUID instanceId, UUID migrationId, String sourceHost, String targetHost)
        implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
