package dev.kumo.gateway.servers;

import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.EvacuateInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.contracts.instance.RequestedNetwork;
import dev.kumo.gateway.actions.InstanceAction;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.ComputeHost;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.migrations.Migration;
import dev.kumo.gateway.servergroups.ServerGroup;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Evacuate: an admin rebuilds the server of a down host on another host from its image, as Nova does. The source
 * host must be down (silent, or forced down by the operator), else the server might run twice. The server keeps its
 * id, name, flavor, image and guest configuration; a migration of type {@code evacuation} records the move
 * (pre-migrating, then done or error). The scheduler picks the host (or checks the admin's); the new host's agent
 * spawns it; the old host's agent destroys it if it ever comes back.
 */
@ApplicationScoped
public class Evacuations {

    private static final Logger LOG = Logger.getLogger(Evacuations.class);
    private static final Set<String> EVACUABLE = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.ERROR);
    public static final String EVACUATION = "evacuation";
    public static final String DONE = "done";

    private final Outbox outbox;
    private final InstanceActions actions;
    private final HostDirectory hosts;
    private final Duration timeout;

    public Evacuations(Outbox outbox, InstanceActions actions, HostDirectory hosts,
            @ConfigProperty(name = "kumo.build.timeout") Duration timeout) {
        this.outbox = outbox;
        this.actions = actions;
        this.hosts = hosts;
        this.timeout = timeout;
    }

    /** What the admin asked: a target host or none, and whether to skip the scheduler's checks of it. */
    public record Request(String host, boolean force) {
    }

    @Transactional
    public void evacuate(UUID id, Request request, Caller caller) {
        Instance instance = Servers.lockedFor(id, caller);
        if (instance.taskState != null) {
            throw ServerActions.conflict("evacuate", instance, "task_state " + instance.taskState);
        }
        if (!EVACUABLE.contains(instance.vmState) || instance.host == null) {
            throw ServerActions.conflict("evacuate", instance, "vm_state " + instance.vmState);
        }
        requireDown(instance.host);
        if (request.host() != null) {
            if (request.host().equals(instance.host)) {
                throw ComputeError.badRequest("The target host can't be the same one.");
            }
            hosts.named(request.host()).orElseThrow(() -> ComputeError.notFound("Compute host " + request.host()
                    + " not found."));
        }
        Instant now = Instant.now();
        Migration migration = Migrations.newMigration(instance, EVACUATION, Migration.PRE_MIGRATING, now);
        migration.destHost = request.host();
        String requestId = actions.start(instance.id, "evacuate", instance.projectId, caller,
                "compute_rebuild_instance").requestId;
        instance.taskState = TaskState.REBUILDING;
        instance.taskDeadline = now.plus(timeout);
        instance.updatedAt = now;
        LOG.infof("evacuating instance %s from down host %s (migration %s)", instance.id, instance.host,
                migration.uuid);
        outbox.publish(new EvacuateInstance(instance.id, instance.host, request.host(), request.force(),
                rebuildOf(instance), requestId));
    }

    private void requireDown(String host) {
        Optional<ComputeHost> source = hosts.named(host);
        if (source.isPresent() && source.get().isUp()) {
            throw ComputeError.badRequest("Compute service of " + host + " is still in use.");
        }
    }

    /**
     * What the new host builds: the server as it is, from its image, within its group's policy and zone, plugged
     * into the ports it had (which keep their addresses).
     */
    private static BuildInstance rebuildOf(Instance instance) {
        ServerGroup group = instance.serverGroupId == null ? null : ServerGroup.findById(instance.serverGroupId);
        String zone = Servers.ZONE.equals(instance.availabilityZone) ? null : instance.availabilityZone;
        PlacementHints hints = new PlacementHints(group == null ? null : group.id, group == null ? null : group.policy,
                null, zone);
        return new BuildInstance(instance.id, instance.projectId, instance.userId, instance.name, instance.flavorId,
                Servers.resources(instance), instance.imageRef, null, hints, Servers.guestConfig(instance),
                instance.ports.stream().map(port -> RequestedNetwork.existingPort(port.portId)).toList());
    }

    /**
     * The new host runs the server: the evacuation is done, also if its deadline had passed (the server runs there,
     * so that is where it is). A server that was stopped is stopped again there, as Nova does, and its evacuate
     * action ends when the stop does. False if the instance is not being evacuated from the host it is on.
     */
    boolean arrived(InstanceActive event) {
        Optional<Instance> found = Instance.forUpdate(event.instanceId())
                .filter(instance -> instance.deletedAt == null && instance.host != null
                        && !instance.host.equals(event.host()));
        Optional<Migration> evacuation = found.flatMap(instance -> latestEvacuation(instance.id)
                .filter(migration -> instance.host.equals(migration.sourceHost))
                .filter(migration -> Migration.PRE_MIGRATING.equals(migration.status)
                        || Migration.ERROR.equals(migration.status)));
        return evacuation.map(migration -> {
            Instance instance = found.get();
            Instant now = Instant.now();
            boolean wasStopped = VmState.STOPPED.equals(instance.vmState);
            migration.destHost = event.host();
            migration.moveTo(DONE, now);
            instance.host = event.host();
            instance.pluggedInto(event.ports());
            instance.vmState = VmState.ACTIVE;
            instance.powerState = PowerState.RUNNING;
            instance.taskState = null;
            instance.taskDeadline = null;
            instance.launchedAt = event.launchedAt();
            instance.updatedAt = now;
            LOG.infof("instance %s evacuated to %s", instance.id, event.host());
            if (wasStopped) {
                stopAgain(instance, now);
            } else {
                finishAction(instance, event.host(), null, now);
            }
            return true;
        }).orElse(false);
    }

    /** The evacuate action's request id carries the stop, so the stop's answer ends the evacuate action. */
    private void stopAgain(Instance instance, Instant now) {
        InstanceAction.of(instance.id).stream()
                .filter(action -> "evacuate".equals(action.action) && action.finishTime == null)
                .findFirst()
                .ifPresentOrElse(action -> {
                    instance.taskState = TaskState.POWERING_OFF;
                    instance.taskDeadline = now.plus(timeout);
                    outbox.publish(new OperateInstance(instance.host, instance.id, PowerOperation.STOP,
                            action.requestId));
                }, () -> LOG.warnf("instance %s: no open evacuate action to stop it again with", instance.id));
    }

    /**
     * The evacuation failed. With no host found the server stays as it was on its dead host; a host that failed to
     * rebuild it leaves it in ERROR there, as in Nova. False if the instance is not being evacuated.
     */
    boolean failed(InstanceBuildFailed event) {
        return evacuating(event.instanceId()).map(instance -> {
            Instant now = Instant.now();
            Migration migration = Migration.openOf(instance.id).orElseThrow();
            migration.moveTo(Migration.ERROR, now);
            if (event.host() == null) {
                instance.taskState = null;
                instance.taskDeadline = null;
                instance.updatedAt = now;
            } else {
                instance.host = event.host();
                instance.fail(event.code(), event.reason(), now);
                instance.taskDeadline = null;
            }
            finishAction(instance, event.host(), event.reason(), now);
            LOG.infof("evacuation of instance %s failed: %s", instance.id, event.reason());
            return true;
        }).orElse(false);
    }

    /** The deadline passed with no answer: the migration fails; the caller ends the task. */
    static void timedOut(Instance instance, Instant now) {
        evacuationOf(instance).ifPresent(migration -> migration.moveTo(Migration.ERROR, now));
    }

    static boolean isEvacuating(Instance instance) {
        return TaskState.REBUILDING.equals(instance.taskState) && evacuationOf(instance).isPresent();
    }

    private static Optional<Instance> evacuating(UUID id) {
        return Instance.forUpdate(id).filter(instance -> instance.deletedAt == null && isEvacuating(instance));
    }

    private static Optional<Migration> latestEvacuation(UUID id) {
        return Migration.<Migration>find("instanceId = ?1 and migrationType = ?2 order by createdAt desc", id,
                EVACUATION).firstResultOptional();
    }

    private static Optional<Migration> evacuationOf(Instance instance) {
        return Migration.openOf(instance.id).filter(migration -> EVACUATION.equals(migration.migrationType));
    }

    private void finishAction(Instance instance, String host, String failure, Instant now) {
        InstanceAction.of(instance.id).stream()
                .filter(action -> "evacuate".equals(action.action) && action.finishTime == null)
                .forEach(action -> actions.finish(instance.id, action.requestId, host, failure, now));
    }
}
