package dev.kumo.gateway.servers;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.ResizeConfirmed;
import dev.kumo.contracts.instance.ResizeRequested;
import dev.kumo.contracts.instance.ResizeReverted;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.flavors.Flavor;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.migrations.Migration;
import dev.kumo.gateway.quotas.QuotaResource;
import dev.kumo.gateway.quotas.Quotas;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Resize, confirmResize and revertResize. A resize records a migration, takes the new flavor at once (so quotas
 * count it) and asks the scheduler, which claims it on the instance's host while the old flavor stays held; the
 * host's answer makes the server VERIFY_RESIZE. Confirm keeps the new flavor, revert goes back to the old one on
 * the host. A resize that fails or never finishes is undone the same way a revert is, so nothing stays claimed.
 * A cold migration (see {@link Migrations}) is confirmed and reverted through here too.
 */
@ApplicationScoped
public class Resizes {

    private static final Logger LOG = Logger.getLogger(Resizes.class);
    private static final Set<String> RESIZABLE = Set.of(VmState.ACTIVE, VmState.STOPPED);

    private final Outbox outbox;
    private final InstanceActions actions;
    private final Quotas quotas;
    private final Migrations migrations;
    private final Duration actionTimeout;

    public Resizes(Outbox outbox, InstanceActions actions, Quotas quotas, Migrations migrations,
            @ConfigProperty(name = "kumo.action.timeout") Duration actionTimeout) {
        this.outbox = outbox;
        this.actions = actions;
        this.quotas = quotas;
        this.migrations = migrations;
        this.actionTimeout = actionTimeout;
    }

    @Transactional
    public void resize(UUID id, String flavorRef, Caller caller) {
        Instance instance = Servers.lockedFor(id, caller);
        Locks.check(instance, caller);
        requireIdle("resize", instance);
        if (!RESIZABLE.contains(instance.vmState) || instance.host == null) {
            throw ServerActions.conflict("resize", instance, "vm_state " + instance.vmState);
        }
        Flavor flavor = Flavor.visible(flavorRef, caller.projectId(), caller.isAdmin())
                .filter(found -> !found.disabled)
                .orElseThrow(() -> ComputeError.badRequest("Invalid flavorRef provided: flavor " + flavorRef
                        + " could not be found."));
        if (flavor.id.equals(instance.flavorId)) {
            throw ComputeError.badRequest("When resizing, instances must change flavor!");
        }
        Resources wanted = flavor.resources();
        if (wanted.diskGb() < instance.diskGb) {
            throw ComputeError.badRequest("Resize error: Unable to resize disk down.");
        }
        checkQuota(instance, wanted);
        Instant now = Instant.now();
        Migration migration = Migrations.newMigration(instance, Migration.RESIZE, Migration.PRE_MIGRATING, now);
        migration.destHost = instance.host;
        migration.newFlavorId = flavor.id;
        String requestId = actions.start(instance.id, "resize", instance.projectId, caller,
                "compute_prep_resize").requestId;
        Resources old = Servers.resources(instance);
        instance.flavorId = flavor.id;
        instance.vcpus = wanted.vcpus();
        instance.memoryMb = wanted.memoryMb();
        instance.diskGb = wanted.diskGb();
        startTask(instance, TaskState.RESIZE_PREP, now);
        outbox.publish(new ResizeRequested(instance.id, migration.uuid, instance.projectId, instance.host,
                instance.name, instance.imageRef, old, wanted, requestId));
    }

    @Transactional
    public void confirm(UUID id, Caller caller) {
        Instance instance = Servers.lockedFor(id, caller);
        Locks.check(instance, caller);
        Migration migration = awaitingVerification("confirmResize", instance);
        Instant now = Instant.now();
        migration.moveTo(Migration.CONFIRMED, now);
        instance.vmState = settledState(instance);
        instance.updatedAt = now;
        actions.start(instance.id, "confirmResize", instance.projectId, caller, null).finishTime = now;
        if (migration.movesHosts()) {
            migrations.confirm(instance, migration);
            return;
        }
        outbox.publish(new ResizeConfirmed(instance.id, migration.uuid));
    }

    @Transactional
    public void revert(UUID id, Caller caller) {
        Instance instance = Servers.lockedFor(id, caller);
        Locks.check(instance, caller);
        Migration migration = awaitingVerification("revertResize", instance);
        Instant now = Instant.now();
        String requestId = actions.start(instance.id, "revertResize", instance.projectId, caller,
                "compute_revert_resize").requestId;
        if (migration.movesHosts()) {
            migrations.revert(instance, migration, requestId, now);
            return;
        }
        migration.moveTo(Migration.REVERTING, now);
        startTask(instance, TaskState.RESIZE_REVERTING, now);
        publishRevert(instance, migration, requestId);
    }

    /** The host's (or the scheduler's) answer to a resize or a revert. */
    @Transactional(Transactional.TxType.MANDATORY)
    void answered(InstanceOperated event) {
        Instant now = Instant.now();
        Instance instance = Instance.forUpdate(event.instanceId())
                .filter(found -> found.deletedAt == null && !found.isDeleting())
                .orElse(null);
        Migration migration = instance == null ? null : Migration.openOf(instance.id).orElse(null);
        if (migration != null && event.operation() == PowerOperation.RESIZE
                && TaskState.RESIZE_PREP.equals(instance.taskState)) {
            resized(instance, migration, event, now);
        } else if (migration != null && event.operation() == PowerOperation.REVERT_RESIZE
                && TaskState.RESIZE_REVERTING.equals(instance.taskState)) {
            reverted(instance, migration, event, now);
        }
        actions.finish(event.instanceId(), event.requestId(), event.host(), event.fault(), now);
    }

    /**
     * A resize or revert nobody answered in time. An unanswered resize is undone like a revert (the old flavor
     * comes back); an unanswered revert leaves the instance in ERROR, saying so.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void timedOut(Instance instance, String reason, Instant now) {
        Migration migration = Migration.openOf(instance.id).orElse(null);
        if (migration == null) {
            endTask(instance, now);
            return;
        }
        LOG.warnf("instance %s: %s", instance.id, reason);
        if (TaskState.RESIZE_PREP.equals(instance.taskState)) {
            migration.moveTo(Migration.ERROR, now);
            startTask(instance, TaskState.RESIZE_REVERTING, now);
            publishRevert(instance, migration, null);
        } else {
            migration.moveTo(Migration.ERROR, now);
            restoreOldFlavor(instance, migration);
            instance.fail(500, reason, now);
            instance.taskDeadline = null;
        }
    }

    static boolean isResizeTask(String taskState) {
        return TaskState.RESIZE_PREP.equals(taskState) || TaskState.RESIZE_REVERTING.equals(taskState);
    }

    private void resized(Instance instance, Migration migration, InstanceOperated event, Instant now) {
        if (event.succeeded()) {
            migration.destHost = event.host();
            migration.moveTo(Migration.FINISHED, now);
            endTask(instance, now);
            instance.vmState = VmState.RESIZED;
            instance.powerState = PowerState.of(event.powerState());
            LOG.infof("instance %s resized to flavor %s: waiting for confirm or revert", instance.id,
                    instance.flavorId);
        } else if (event.powerState() == null) {
            // refused before any host acted (nothing fits): the instance is as it was, with the old flavor
            migration.moveTo(Migration.ERROR, now);
            restoreOldFlavor(instance, migration);
            endTask(instance, now);
            LOG.infof("instance %s: resize refused: %s", instance.id, event.fault());
        } else {
            // the host failed half-way: go back to the old flavor on the host, as a revert does
            migration.moveTo(Migration.ERROR, now);
            startTask(instance, TaskState.RESIZE_REVERTING, now);
            publishRevert(instance, migration, event.requestId());
        }
    }

    private void reverted(Instance instance, Migration migration, InstanceOperated event, Instant now) {
        restoreOldFlavor(instance, migration);
        endTask(instance, now);
        if (!Migration.ERROR.equals(migration.status)) {
            migration.moveTo(Migration.REVERTED, now);
        }
        if (event.succeeded()) {
            instance.powerState = PowerState.of(event.powerState());
            instance.vmState = PowerState.vmStateFor(event.powerState());
        } else {
            instance.fail(500, event.fault(), now);
        }
    }

    private void publishRevert(Instance instance, Migration migration, String requestId) {
        outbox.publish(new ResizeReverted(instance.id, migration.uuid, instance.host, instance.name,
                instance.imageRef, migration.oldResources(), requestId));
    }

    private void checkQuota(Instance instance, Resources wanted) {
        quotas.lockProject(instance.projectId);
        Map<QuotaResource, Integer> limits = quotas.limits(instance.projectId);
        Map<QuotaResource, Long> usage = quotas.usage(instance.projectId);
        checkGrowth(QuotaResource.CORES, wanted.vcpus() - instance.vcpus, limits, usage);
        checkGrowth(QuotaResource.RAM, wanted.memoryMb() - instance.memoryMb, limits, usage);
    }

    private static void checkGrowth(QuotaResource resource, long growth, Map<QuotaResource, Integer> limits,
            Map<QuotaResource, Long> usage) {
        int limit = limits.getOrDefault(resource, Quotas.UNLIMITED);
        long used = usage.getOrDefault(resource, 0L);
        if (growth > 0 && limit != Quotas.UNLIMITED && used + growth > limit) {
            throw ComputeError.forbidden("Quota exceeded for " + resource.key() + ": Requested " + growth
                    + ", but already used " + used + " of " + limit + " " + resource.key());
        }
    }

    private static Migration awaitingVerification(String action, Instance instance) {
        requireIdle(action, instance);
        if (!VmState.RESIZED.equals(instance.vmState)) {
            throw ServerActions.conflict(action, instance, "vm_state " + instance.vmState);
        }
        return Migration.openOf(instance.id)
                .filter(migration -> Migration.FINISHED.equals(migration.status))
                .orElseThrow(() -> ComputeError.badRequest("Instance " + instance.id
                        + " has no resize waiting to be confirmed or reverted."));
    }

    private static void requireIdle(String action, Instance instance) {
        if (instance.taskState != null) {
            throw ServerActions.conflict(action, instance, "task_state " + instance.taskState);
        }
    }

    /** Where a confirmed resize leaves the instance: as its domain runs, as Nova does. */
    private static String settledState(Instance instance) {
        return instance.powerState == PowerState.RUNNING ? VmState.ACTIVE : VmState.STOPPED;
    }

    private static void restoreOldFlavor(Instance instance, Migration migration) {
        instance.flavorId = migration.oldFlavorId;
        instance.vcpus = migration.oldVcpus;
        instance.memoryMb = migration.oldMemoryMb;
        instance.diskGb = migration.oldDiskGb;
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
