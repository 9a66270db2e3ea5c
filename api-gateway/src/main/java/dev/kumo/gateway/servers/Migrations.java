package dev.kumo.gateway.servers;

import dev.kumo.contracts.host.MigrationKind;
import dev.kumo.contracts.instance.InstanceMigrated;
import dev.kumo.contracts.instance.MigrateRequested;
import dev.kumo.contracts.instance.MigrationConfirmed;
import dev.kumo.contracts.instance.MigrationReverted;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.migrations.Migration;
import dev.kumo.gateway.servergroups.ServerGroup;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cold migration ({@code migrate}) and live migration ({@code os-migrateLive}), admins only. Each records a
 * migration and an instance action and asks the scheduler, which picks and claims a target and tells the source
 * host; the agent's {@code instance.migrated} settles it. A cold migration ends in VERIFY_RESIZE on the target and
 * is confirmed or reverted like a resize ({@link Resizes} hands those over); a live one ends ACTIVE (or PAUSED) on
 * the target. Nothing fits, or the host fails: the instance stays as and where it was, the migration is in error
 * and the action names the reason.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);
    private static final Set<String> COLD_MIGRATABLE = Set.of(VmState.ACTIVE, VmState.STOPPED);
    private static final Set<String> LIVE_MIGRATABLE = Set.of(VmState.ACTIVE, VmState.PAUSED);

    private final Outbox outbox;
    private final InstanceActions actions;
    private final HostDirectory hosts;
    private final Duration actionTimeout;

    public Migrations(Outbox outbox, InstanceActions actions, HostDirectory hosts,
            @ConfigProperty(name = "kumo.action.timeout") Duration actionTimeout) {
        this.outbox = outbox;
        this.actions = actions;
        this.hosts = hosts;
        this.actionTimeout = actionTimeout;
    }

    /** A live migration as os-migrateLive asks for it; {@code host} null lets the scheduler choose. */
    public record LiveRequest(String host, boolean blockMigration, boolean force) {
    }

    @Transactional
    public void migrate(UUID id, Caller caller) {
        caller.requireAdmin("os_compute_api:os-migrate-server:migrate");
        Instance instance = Servers.lockedFor(id, caller);
        requireMovable("migrate", instance, COLD_MIGRATABLE);
        Instant now = Instant.now();
        Migration migration = newMigration(instance, Migration.MIGRATION, Migration.PRE_MIGRATING, now);
        String requestId = actions.start(instance.id, "migrate", instance.projectId, caller,
                "compute_prep_resize").requestId;
        startTask(instance, TaskState.RESIZE_PREP, now);
        outbox.publish(request(instance, migration, false, null, false, requestId));
    }

    @Transactional
    public void migrateLive(UUID id, LiveRequest live, Caller caller) {
        caller.requireAdmin("os_compute_api:os-migrate-server:migrate_live");
        if (live.host() != null && hosts.named(live.host()).isEmpty()) {
            throw ComputeError.badRequest("Compute host " + live.host() + " could not be found.");
        }
        Instance instance = Servers.lockedFor(id, caller);
        requireMovable("os-migrateLive", instance, LIVE_MIGRATABLE);
        if (live.host() != null) {
            if (live.host().equals(instance.host)) {
                throw ComputeError.badRequest("Unable to migrate instance (" + instance.id + ") to current host ("
                        + instance.host + ").");
            }
        }
        startLive(instance, live, caller.userId(), InstanceActions.currentRequestId(), Instant.now());
    }

    /**
     * Starts a live migration of an instance the caller already checked and locked, with its own instance action:
     * os-migrateLive's, and each move of a rebalance.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void startLive(Instance instance, LiveRequest live, String userId, String requestId, Instant now) {
        Migration migration = newMigration(instance, Migration.LIVE_MIGRATION, Migration.RUNNING, now);
        migration.destHost = live.host();
        actions.start(instance.id, "live-migration", instance.projectId, userId, requestId,
                "compute_live_migration", now);
        startTask(instance, TaskState.MIGRATING, now);
        outbox.publish(request(instance, migration, true, live.host(), live.force(), requestId));
    }

    /**
     * Starts one move of a rebalancing plan as a live migration to {@code target} (checked by the filters again),
     * in its own transaction with its own instance action; the reason when the instance cannot move now (gone,
     * busy, in another state, or no longer on the plan's source), else null.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String startMove(UUID instanceId, String source, String target, String userId) {
        Instance instance = Instance.forUpdate(instanceId)
                .filter(found -> found.deletedAt == null && !found.isDeleting())
                .orElse(null);
        if (instance == null) {
            return "Instance " + instanceId + " could not be found.";
        }
        if (!source.equals(instance.host)) {
            return "Instance " + instanceId + " is no longer on host " + source + ".";
        }
        String refusal = refusalOfLive(instance);
        if (refusal != null) {
            return "Instance " + instanceId + " cannot be live-migrated while it is in " + refusal + ".";
        }
        startLive(instance, new LiveRequest(target, true, false), userId, InstanceActions.currentRequestId(),
                Instant.now());
        return null;
    }

    /** Whether a live migration may start on the instance now; the reason it may not otherwise. */
    static String refusalOfLive(Instance instance) {
        if (instance.taskState != null) {
            return "task_state " + instance.taskState;
        }
        if (!LIVE_MIGRATABLE.contains(instance.vmState) || instance.host == null) {
            return "vm_state " + instance.vmState;
        }
        return null;
    }

    /** A cold migration the tenant keeps: the scheduler releases the source. */
    @Transactional(Transactional.TxType.MANDATORY)
    void confirm(Instance instance, Migration migration) {
        outbox.publish(new MigrationConfirmed(instance.id, migration.uuid, migration.sourceHost,
                migration.destHost));
    }

    /** A cold migration going back: the target's agent moves the domain to the source. */
    @Transactional(Transactional.TxType.MANDATORY)
    void revert(Instance instance, Migration migration, String requestId, Instant now) {
        migration.moveTo(Migration.REVERTING, now);
        startTask(instance, TaskState.RESIZE_REVERTING, now);
        outbox.publish(new MigrationReverted(instance.id, migration.uuid, migration.sourceHost, migration.destHost,
                instance.name, instance.imageRef, Servers.resources(instance), requestId));
    }

    /** The agent's (or the scheduler's) report of a move. */
    @Transactional(Transactional.TxType.MANDATORY)
    void answered(InstanceMigrated event) {
        Instant now = Instant.now();
        Instance instance = Instance.forUpdate(event.instanceId())
                .filter(found -> found.deletedAt == null && !found.isDeleting())
                .orElse(null);
        Migration migration = Migration.byUuid(event.migrationId()).orElse(null);
        if (instance != null && migration != null) {
            switch (event.kind()) {
                case COLD -> migrated(instance, migration, event, now);
                case LIVE -> liveMigrated(instance, migration, event, now);
                case REVERT -> reverted(instance, migration, event, now);
            }
        }
        actions.finish(event.instanceId(), event.requestId(), event.targetHost() != null && event.succeeded()
                ? event.targetHost() : event.sourceHost(), event.fault(), now);
    }

    /**
     * A move nobody reported in time: the migration is in error and the instance stays where it was; a revert
     * nobody reported leaves it in ERROR. A report that comes later still moves the instance where its domain is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void timedOut(Instance instance, Migration migration, String reason, Instant now) {
        LOG.warnf("instance %s: %s", instance.id, reason);
        migration.moveTo(Migration.ERROR, now);
        if (TaskState.RESIZE_REVERTING.equals(instance.taskState)) {
            instance.fail(500, reason, now);
            instance.taskDeadline = null;
        } else {
            endTask(instance, now);
        }
    }

    /** The instance's migration between hosts that its task waits for, if that is what it waits for. */
    static java.util.Optional<Migration> awaitedBy(Instance instance) {
        if (!TaskState.MIGRATING.equals(instance.taskState) && !Resizes.isResizeTask(instance.taskState)) {
            return java.util.Optional.empty();
        }
        return Migration.openOf(instance.id).filter(Migration::movesHosts);
    }

    private void migrated(Instance instance, Migration migration, InstanceMigrated event, Instant now) {
        boolean awaited = TaskState.RESIZE_PREP.equals(instance.taskState) && migration.isOpen();
        if (event.succeeded()) {
            instance.host = event.targetHost();
            instance.powerState = PowerState.of(event.powerState());
            migration.destHost = event.targetHost();
            if (awaited) {
                migration.moveTo(Migration.FINISHED, now);
                instance.vmState = VmState.RESIZED;
                endTask(instance, now);
                LOG.infof("instance %s migrated to %s: waiting for confirm or revert", instance.id,
                        event.targetHost());
            } else {
                // it arrived after the gateway gave up on it: keep it where it is, release the source
                outbox.publish(new MigrationConfirmed(instance.id, migration.uuid, migration.sourceHost,
                        event.targetHost()));
            }
            return;
        }
        if (awaited) {
            migration.moveTo(Migration.ERROR, now);
            endTask(instance, now);
            if (event.powerState() != null) {
                instance.powerState = PowerState.of(event.powerState());
            }
            LOG.infof("instance %s: migration failed: %s", instance.id, event.fault());
        }
    }

    private void liveMigrated(Instance instance, Migration migration, InstanceMigrated event, Instant now) {
        boolean awaited = TaskState.MIGRATING.equals(instance.taskState) && migration.isOpen();
        if (event.succeeded()) {
            instance.host = event.targetHost();
            instance.powerState = PowerState.of(event.powerState());
            migration.destHost = event.targetHost();
            migration.moveTo(Migration.COMPLETED, now);
            if (awaited) {
                endTask(instance, now);
            }
            LOG.infof("instance %s live-migrated to %s", instance.id, event.targetHost());
            return;
        }
        if (awaited) {
            migration.moveTo(Migration.ERROR, now);
            endTask(instance, now);
            LOG.infof("instance %s: live migration failed: %s", instance.id, event.fault());
        }
    }

    private void reverted(Instance instance, Migration migration, InstanceMigrated event, Instant now) {
        if (!TaskState.RESIZE_REVERTING.equals(instance.taskState)) {
            return;
        }
        endTask(instance, now);
        if (event.succeeded()) {
            migration.moveTo(Migration.REVERTED, now);
            instance.host = event.targetHost();
            instance.powerState = PowerState.of(event.powerState());
            instance.vmState = PowerState.vmStateFor(event.powerState());
        } else {
            migration.moveTo(Migration.ERROR, now);
            instance.fail(500, event.fault(), now);
        }
    }

    private static void requireMovable(String action, Instance instance, Set<String> states) {
        if (instance.taskState != null) {
            throw ServerActions.conflict(action, instance, "task_state " + instance.taskState);
        }
        if (!states.contains(instance.vmState) || instance.host == null) {
            throw ServerActions.conflict(action, instance, "vm_state " + instance.vmState);
        }
    }

    private static MigrateRequested request(Instance instance, Migration migration, boolean live, String host,
            boolean force, String requestId) {
        return new MigrateRequested(instance.id, migration.uuid, instance.projectId, instance.host, instance.name,
                instance.imageRef, Servers.resources(instance), live, host, force, hints(instance), requestId);
    }

    /** The instance's server group and the zone it asked for (the default zone constrains nothing). */
    private static PlacementHints hints(Instance instance) {
        String zone = Servers.ZONE.equals(instance.availabilityZone) ? null : instance.availabilityZone;
        if (instance.serverGroupId == null) {
            return new PlacementHints(null, null, null, zone);
        }
        String policy = ServerGroup.<ServerGroup>findByIdOptional(instance.serverGroupId)
                .map(group -> group.policy).orElse(null);
        return new PlacementHints(instance.serverGroupId, policy, null, zone);
    }

    /**
     * Records a move of the instance from its host as it is now (its flavor, its vm_state); the caller adds where
     * it goes or what it becomes. Shared by migration, resize and evacuation.
     */
    static Migration newMigration(Instance instance, String type, String status, Instant now) {
        Migration migration = new Migration();
        migration.uuid = UUID.randomUUID();
        migration.instanceId = instance.id;
        migration.projectId = instance.projectId;
        migration.migrationType = type;
        migration.status = status;
        migration.sourceHost = instance.host;
        migration.oldFlavorId = instance.flavorId;
        migration.newFlavorId = instance.flavorId;
        migration.oldVcpus = instance.vcpus;
        migration.oldMemoryMb = instance.memoryMb;
        migration.oldDiskGb = instance.diskGb;
        migration.oldVmState = instance.vmState;
        migration.createdAt = now;
        migration.updatedAt = now;
        migration.persist();
        return migration;
    }

    private void startTask(Instance instance, String task, Instant now) {
        instance.taskState = task;
        instance.taskDeadline = now.plus(actionTimeout);
        instance.updatedAt = now;
    }

    private static void endTask(Instance instance, Instant now) {
        instance.taskState = null;
        instance.taskDeadline = null;
        instance.updatedAt = now;
    }
}
