package dev.kumo.gateway.servers;

import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.RebuildInstance;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Server actions that need the instance's host: each checks the states Nova allows it in (409 otherwise), sets
 * the task state, records the action, and sends the host its command in the same transaction. The host's
 * answer ends the task; a host that does not answer in time ends it too (see {@link BuildDeadlines}).
 */
@ApplicationScoped
public class ServerActions {

    private static final java.util.Set<String> REBUILDABLE = java.util.Set.of(VmState.ACTIVE, VmState.STOPPED,
            VmState.ERROR);

    private final Outbox outbox;
    private final InstanceActions actions;
    private final Duration actionTimeout;

    public ServerActions(Outbox outbox, InstanceActions actions,
            @ConfigProperty(name = "kumo.action.timeout") Duration actionTimeout) {
        this.outbox = outbox;
        this.actions = actions;
        this.actionTimeout = actionTimeout;
    }

    @Transactional
    public void power(UUID id, PowerAction action, Caller caller) {
        Instance instance = changeable(id, caller);
        Locks.check(instance, caller);
        boolean hardOverSoft = action == PowerAction.REBOOT_HARD && TaskState.REBOOTING.equals(instance.taskState);
        if (instance.taskState != null && !hardOverSoft) {
            throw conflict(action.apiName(), instance, "task_state " + instance.taskState);
        }
        if (!action.allowedStates().contains(instance.vmState) || instance.host == null) {
            throw conflict(action.apiName(), instance, "vm_state " + instance.vmState);
        }
        Instant now = Instant.now();
        instance.taskState = action.taskState();
        instance.taskDeadline = now.plus(actionTimeout);
        instance.updatedAt = now;
        String requestId = actions.start(instance.id, action.recordedName(), instance.projectId, caller,
                action.event()).requestId;
        outbox.publish(new OperateInstance(instance.host, instance.id, action.operation(), requestId));
    }

    /** Rebuilds the instance in place from an image (already checked), keeping its id, host and addresses. */
    @Transactional
    public Map<String, Object> rebuild(UUID id, RebuildRequest request, String imageId, Caller caller,
            Function<Instance, Map<String, Object>> view) {
        Instance instance = changeable(id, caller);
        Locks.check(instance, caller);
        if (instance.taskState != null) {
            throw conflict("rebuild", instance, "task_state " + instance.taskState);
        }
        if (!REBUILDABLE.contains(instance.vmState) || instance.host == null) {
            throw conflict("rebuild", instance, "vm_state " + instance.vmState);
        }
        Instant now = Instant.now();
        instance.imageRef = imageId;
        request.apply(instance);
        instance.taskState = TaskState.REBUILDING;
        instance.taskDeadline = now.plus(actionTimeout);
        instance.updatedAt = now;
        String requestId = actions.start(instance.id, "rebuild", instance.projectId, caller,
                "compute_rebuild_instance").requestId;
        outbox.publish(new RebuildInstance(instance.host, instance.id, instance.name, Servers.resources(instance),
                instance.imageRef, requestId, Servers.guestConfig(instance)));
        return view.apply(instance);
    }

    /** 404 for an instance the caller cannot see, before the action is even looked at (as in Nova). */
    @Transactional
    public void requireVisible(UUID id, Caller caller) {
        Servers.visibleTo(id, caller);
    }

    /** Admins put an instance back to ACTIVE or ERROR by hand, clearing its task (os-resetState). */
    @Transactional
    public void resetState(UUID id, String state, Caller caller) {
        caller.requireAdmin("os_compute_api:os-admin-actions:reset_state");
        Instance instance = changeable(id, caller);
        instance.vmState = "active".equals(state) ? VmState.ACTIVE : VmState.ERROR;
        instance.taskState = null;
        instance.taskDeadline = null;
        instance.updatedAt = Instant.now();
        actions.start(instance.id, "resetState", instance.projectId, caller, null).finishTime = Instant.now();
    }

    /**
     * restore and forceDelete act on soft-deleted servers. Kumo deletes at once (Nova's reclaim_instance_interval
     * of 0), so no server is ever soft-deleted and both are refused with the server's state, as Nova refuses them.
     */
    @Transactional
    public void refuseSoftDeleteAction(UUID id, String action, Caller caller) {
        Instance instance = changeable(id, caller);
        throw conflict(action, instance, "vm_state " + instance.vmState);
    }

    @Transactional
    public void lock(UUID id, Caller caller) {
        Instance instance = changeable(id, caller);
        Locks.lock(instance, caller);
        instance.updatedAt = Instant.now();
        actions.start(instance.id, "lock", instance.projectId, caller, null).finishTime = Instant.now();
    }

    @Transactional
    public void unlock(UUID id, Caller caller) {
        Instance instance = changeable(id, caller);
        Locks.unlock(instance, caller);
        instance.updatedAt = Instant.now();
        actions.start(instance.id, "unlock", instance.projectId, caller, null).finishTime = Instant.now();
    }

    private static Instance changeable(UUID id, Caller caller) {
        return Servers.lockedFor(id, caller);
    }

    static ComputeError conflict(String action, Instance instance, String state) {
        return ComputeError.conflict("Cannot '" + action + "' instance " + instance.id + " while it is in " + state);
    }
}
