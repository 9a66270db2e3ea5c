package dev.kumo.contracts.instance;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * api-gateway asks the scheduler to move an instance off {@code sourceHost}: a cold migration ({@code live} false)
 * or a live one. The scheduler picks a target with the normal filters (never the source; the given
 * {@code targetHost} only, when there is one, and without filters but capacity when {@code force}), claims
 * {@code resources} there under {@code migrationId} while the source allocation stays, and tells the source host
 * ({@code host.migrate-instance}). When no host fits it answers {@code instance.migrated} with the reason and no
 * target.
 */
@Contract(type = "instance.migrate", topic = Topics.INSTANCE_REQUESTS)
public record MigrateRequested(UUID instanceId, UUID migrationId, String projectId, String sourceHost, String name,
        String imageRef, Resources resources, boolean live, String targetHost, boolean force, PlacementHints hints,
        String requestId) implements Message {

    /** The hints, never null. */
    public PlacementHints placementHints() {
        return hints == null ? PlacementHints.NONE : hints;
    }

    @Override
    public String key() {
        return instanceId.toString();
    }
}
