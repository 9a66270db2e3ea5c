package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import java.util.UUID;

/**
 * The scheduler, having claimed {@code resources} on {@code targetHost}, tells the agent of {@code host} (where the
 * instance's domain is) to move it there, keeping its spec and power state: defined on the target and removed here
 * when the agent runs both hosts, else libvirt's migration to {@code targetLibvirtUri}. Answered with
 * {@code instance.migrated}; a redelivered command converges to the same answer.
 */
@Contract(type = "host.migrate-instance", topic = Topics.HOST_COMMANDS)
public record MigrateInstance(String host, UUID instanceId, UUID migrationId, String name, Resources resources,
        String imageRef, String targetHost, String targetLibvirtUri, MigrationKind kind, boolean blockMigration,
        String requestId) implements Message {

    @Override
    public String key() {
        return host;
    }
}
