package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.contracts.instance.InstanceMigrated;
import dev.kumo.contracts.Message;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Releases claims when a host reports an instance gone or its build failed there, sends a build whose spawn failed
 * on a host to another one ({@link Builds#spawnFailed}), and follows moves between hosts.
 */
@ApplicationScoped
public class InstanceOutcomes implements MessageHandler {

    private final Claims claims;
    private final Builds builds;
    private final Migrations migrations;

    public InstanceOutcomes(Claims claims, Builds builds, Migrations migrations) {
        this.claims = claims;
        this.builds = builds;
        this.migrations = migrations;
    }

    @Override
    public String consumerGroup() {
        return "scheduler-outcomes";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.INSTANCE_EVENTS);
    }

    /** Only what ends or moves an instance's claims: its scheduling and its being active change nothing here. */
    @Override
    public boolean handles(Class<? extends Message> type) {
        return type == InstanceDestroyed.class || type == InstanceSpawnFailed.class
                || type == InstanceBuildFailed.class || type == InstanceMigrated.class;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof InstanceDestroyed destroyed && destroyed.host() != null) {
            release(destroyed.instanceId(), destroyed.host());
        } else if (message.payload() instanceof InstanceSpawnFailed failed) {
            builds.spawnFailed(failed);
        } else if (message.payload() instanceof InstanceBuildFailed failed && failed.host() != null) {
            release(failed.instanceId(), failed.host());
        } else if (message.payload() instanceof InstanceMigrated migrated) {
            migrations.moved(migrated);
        }
    }

    private void release(UUID instanceId, String host) {
        Allocation.forInstance(instanceId)
                .filter(allocation -> allocation.host.equals(host))
                .ifPresent(allocation -> {
                    claims.release(allocation);
                    Allocation.migrationsOf(instanceId).forEach(claims::release);
                });
    }
}
