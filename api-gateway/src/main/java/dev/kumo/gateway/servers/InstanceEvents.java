package dev.kumo.gateway.servers;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.instance.InstanceMigrated;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.InstancePortsReleased;
import dev.kumo.contracts.instance.InstancePowerChanged;
import dev.kumo.contracts.instance.PortFloatingIps;
import dev.kumo.gateway.actions.InstanceAction;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.gateway.servergroups.ServerGroup;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves instances through their states as the scheduler and the hosts report. Every transition checks
 * the state it starts from, so a late or repeated event (a host answering after the build timed out)
 * changes nothing.
 */
@ApplicationScoped
public class InstanceEvents implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(InstanceEvents.class);

    private final InstanceActions actions;
    private final Resizes resizes;
    private final Migrations migrations;
    private final Snapshots snapshots;
    private final Evacuations evacuations;
    private final Outbox outbox;

    public InstanceEvents(InstanceActions actions, Resizes resizes, Migrations migrations, Snapshots snapshots,
            Evacuations evacuations, Outbox outbox) {
        this.outbox = outbox;
        this.actions = actions;
        this.resizes = resizes;
        this.migrations = migrations;
        this.snapshots = snapshots;
        this.evacuations = evacuations;
    }

    @Override
    public String consumerGroup() {
        return "api-gateway";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.INSTANCE_EVENTS);
    }

    /** Each event locks only its own instance's row: a burst of builds costs one commit per poll. */
    @Override
    public boolean appliesTogether(IncomingMessage message) {
        return true;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof InstanceScheduled scheduled) {
            scheduled(scheduled);
        } else if (message.payload() instanceof InstanceActive active) {
            active(active);
        } else if (message.payload() instanceof InstanceBuildFailed failed) {
            failed(failed);
        } else if (message.payload() instanceof InstanceDestroyed destroyed) {
            destroyed(destroyed);
        } else if (message.payload() instanceof InstanceOperated operated) {
            operated(operated);
        } else if (message.payload() instanceof InstanceMigrated migrated) {
            migrations.answered(migrated);
        } else if (message.payload() instanceof InstancePowerChanged changed) {
            powerChanged(changed);
        } else if (message.payload() instanceof PortFloatingIps floating) {
            Instance.forUpdate(floating.instanceId()).filter(instance -> instance.deletedAt == null)
                    .ifPresent(instance -> instance.floatingIpsOf(floating.portId(), floating.floatingIps()));
        } else if (message.payload() instanceof InstanceSpawnFailed failed) {
            building(failed.instanceId()).ifPresent(instance ->
                    actions.attemptFailed(instance.id, failed.host(), failed.reason(), Instant.now()));
        }
    }

    /** The host answered a power action: the task ends, the instance shows the state its domain is in. */
    private void operated(InstanceOperated event) {
        Instant now = Instant.now();
        switch (event.operation()) {
            case REBUILD -> rebuilt(event, now);
            case RESIZE, REVERT_RESIZE -> resizes.answered(event);
            case SNAPSHOT -> snapshots.answered(event);
            default -> powerOperated(event, now);
        }
    }

    private void powerOperated(InstanceOperated event, Instant now) {
        Instance.forUpdate(event.instanceId())
                .filter(instance -> instance.deletedAt == null && !instance.isDeleting() && !instance.isBuilding())
                .filter(instance -> instance.taskState != null
                        && PowerAction.forTask(instance.taskState) != null
                        && PowerAction.forTask(instance.taskState).operation() == event.operation())
                .ifPresent(instance -> {
                    instance.taskState = null;
                    instance.taskDeadline = null;
                    instance.powerState = PowerState.of(event.powerState());
                    if (event.succeeded()) {
                        instance.vmState = PowerState.vmStateFor(event.powerState());
                    }
                    instance.updatedAt = now;
                    LOG.infof("instance %s: %s %s, now %s", instance.id, event.operation(),
                            event.succeeded() ? "done" : "failed (" + event.fault() + ")", instance.vmState);
                });
        actions.finish(event.instanceId(), event.requestId(), event.host(), event.fault(), now);
    }

    /**
     * A rebuild ends ACTIVE (SHUTOFF when the server was stopped), or in ERROR with the host's reason (the old disk
     * is gone), as in Nova.
     */
    private void rebuilt(InstanceOperated event, Instant now) {
        Instance.forUpdate(event.instanceId())
                .filter(instance -> instance.deletedAt == null && TaskState.REBUILDING.equals(instance.taskState))
                .ifPresent(instance -> {
                    instance.taskDeadline = null;
                    if (event.succeeded()) {
                        instance.taskState = null;
                        instance.vmState = PowerState.vmStateFor(event.powerState());
                        instance.powerState = PowerState.of(event.powerState());
                        instance.updatedAt = now;
                    } else {
                        instance.fail(500, event.fault(), now);
                        instance.powerState = PowerState.of(event.powerState());
                    }
                });
        actions.finish(event.instanceId(), event.requestId(), event.host(), event.fault(), now);
    }

    /** The host saw the domain change state by itself (or found it so): the instance follows reality. */
    private void powerChanged(InstancePowerChanged event) {
        Instance.forUpdate(event.instanceId())
                .filter(instance -> instance.deletedAt == null && !instance.isDeleting() && !instance.isBuilding())
                .filter(instance -> instance.taskState == null && event.host().equals(instance.host))
                .ifPresent(instance -> {
                    int power = PowerState.of(event.powerState());
                    boolean keepsState = VmState.ERROR.equals(instance.vmState)
                            || VmState.RESIZED.equals(instance.vmState);
                    String vmState = keepsState ? instance.vmState : PowerState.vmStateFor(event.powerState());
                    if (instance.powerState != power || !vmState.equals(instance.vmState)) {
                        LOG.infof("instance %s is %s on its host: was %s", instance.id, event.powerState(),
                                instance.vmState);
                        instance.powerState = power;
                        instance.vmState = vmState;
                        instance.updatedAt = Instant.now();
                    }
                });
    }

    private void scheduled(InstanceScheduled event) {
        building(event.instanceId()).ifPresent(instance -> {
            instance.host = event.host();
            if (TaskState.SCHEDULING.equals(instance.taskState)) {
                instance.taskState = TaskState.SPAWNING;
            }
            instance.updatedAt = Instant.now();
        });
    }

    private void active(InstanceActive event) {
        Optional<Instance> building = building(event.instanceId());
        if (building.isEmpty()) {
            if (!evacuations.arrived(event)) {
                releaseLatePorts(event);
            }
            return;
        }
        building.ifPresent(instance -> {
            instance.vmState = VmState.ACTIVE;
            if (!instance.isDeleting()) {
                instance.taskState = null;
            }
            instance.powerState = PowerState.RUNNING;
            instance.host = event.host();
            instance.pluggedInto(event.ports());
            instance.launchedAt = event.launchedAt();
            instance.updatedAt = Instant.now();
            finishCreate(instance, event.host(), null);
            LOG.infof("instance %s is ACTIVE on %s", instance.id, instance.host);
        });
    }

    private void failed(InstanceBuildFailed event) {
        Optional<Instance> building = building(event.instanceId());
        if (building.isEmpty()) {
            evacuations.failed(event);
            return;
        }
        building.ifPresent(instance -> {
            boolean deleting = instance.isDeleting();
            instance.fail(event.code(), event.reason(), Instant.now());
            if (deleting) {
                instance.taskState = TaskState.DELETING;
            }
            if (event.host() != null) {
                instance.host = event.host();
            }
            finishCreate(instance, event.host(), event.reason());
            LOG.infof("instance %s failed to build: %s", instance.id, event.reason());
        });
    }

    private void destroyed(InstanceDestroyed event) {
        Instance.forUpdate(event.instanceId())
                .filter(instance -> instance.deletedAt == null && instance.isDeleting())
                .ifPresent(instance -> {
                    Instant now = Instant.now();
                    instance.vmState = VmState.DELETED;
                    instance.taskState = null;
                    instance.powerState = PowerState.NOSTATE;
                    instance.deletedAt = now;
                    instance.terminatedAt = now;
                    instance.updatedAt = now;
                    leaveGroup(instance);
                    releasePorts(instance);
                    InstanceAction.of(instance.id).stream()
                            .filter(action -> "delete".equals(action.action) && action.finishTime == null)
                            .forEach(action -> action.finishTime = now);
                    LOG.infof("instance %s deleted", instance.id);
                });
    }

    private void finishCreate(Instance instance, String host, String failure) {
        InstanceAction.of(instance.id).stream()
                .filter(action -> "create".equals(action.action) && action.finishTime == null)
                .forEach(action -> actions.finish(instance.id, action.requestId, host, failure, Instant.now()));
    }

    /**
     * A host reports a server running that had ended before (deleted, or its build given up in ERROR): the ports it
     * plugged were never recorded, so no delete would release them; they are released now, or they would hold their
     * addresses for ever.
     */
    private void releaseLatePorts(InstanceActive event) {
        Instance.forUpdate(event.instanceId())
                .filter(instance -> instance.deletedAt != null || VmState.ERROR.equals(instance.vmState))
                .filter(instance -> !event.ports().isEmpty())
                .ifPresent(instance -> {
                    LOG.infof("instance %s reported running on %s after it ended: releasing its %d port(s)",
                            instance.id, event.host(), event.ports().size());
                    outbox.publish(new InstancePortsReleased(instance.id, instance.projectId,
                            event.ports().stream().filter(port -> port.madeForInstance()).map(port -> port.portId())
                                    .toList(),
                            event.ports().stream().filter(port -> !port.madeForInstance()).map(port -> port.portId())
                                    .toList()));
                });
    }

    /** The network service deletes the ports made for the server and unbinds the tenant's own. */
    private void releasePorts(Instance instance) {
        if (instance.ports.isEmpty()) {
            return;
        }
        outbox.publish(new InstancePortsReleased(instance.id, instance.projectId,
                instance.ports.stream().filter(port -> port.madeForInstance).map(port -> port.portId).toList(),
                instance.ports.stream().filter(port -> !port.madeForInstance).map(port -> port.portId).toList()));
    }

    private static void leaveGroup(Instance instance) {
        if (instance.serverGroupId != null) {
            ServerGroup.<ServerGroup>findByIdOptional(instance.serverGroupId)
                    .ifPresent(group -> group.members.remove(instance.id));
        }
    }

    private static java.util.Optional<Instance> building(UUID id) {
        return Instance.forUpdate(id).filter(instance -> instance.deletedAt == null && instance.isBuilding());
    }
}
