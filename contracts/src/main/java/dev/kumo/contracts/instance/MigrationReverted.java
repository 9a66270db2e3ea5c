package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * A cold migration goes back: the scheduler tells {@code targetHost} to move the instance back to
 * {@code sourceHost} ({@code host.migrate-instance}, REVERT), whose resources the migration still holds; the
 * target's are released once the agent reports the instance back ({@code instance.migrated}).
 */
@Contract(type = "instance.revert-migration", topic = Topics.INSTANCE_REQUESTS)
public record MigrationReverted(UUID instanceId, UUID migrationId, String sourceHost, String targetHost, String name,
        String imageRef, Resources resources, String requestId) implements Message {

    @Override
    public String key() {
        return instanceId.toString();
    }
}
