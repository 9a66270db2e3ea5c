package dev.kumo.agent.instances;

import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.StateDirectory;
import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.DomainNames;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.images.ImageData;
import dev.kumo.agent.images.Images;
import dev.kumo.agent.messaging.CommandHandler;
import dev.kumo.agent.networking.BoundPorts;
import dev.kumo.agent.networking.NeutronPorts;
import dev.kumo.agent.networking.PortBinder;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.agent.power.PowerStates;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.MigrateInstance;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.RebuildInstance;
import dev.kumo.contracts.host.ResizeInstance;
import dev.kumo.contracts.host.SnapshotInstance;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.host.UpdatePortRules;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies the commands to a host: spawns an instance and reports it active (or that the spawn failed, leaving no
 * half-made domain behind, for the scheduler to try another host), its tenant networks' host side plugged first,
 * destroys an instance and reports it gone, applies a port's changed security-group rules and a router's state,
 * changes its power state as the gateway's server actions ask ({@link PowerCommands}), and moves instances between
 * hosts ({@link Migrations}).
 */
@ApplicationScoped
public class InstanceCommands implements CommandHandler {

    private static final Logger LOG = Logger.getLogger(InstanceCommands.class);
    /** How many server actions' answers are kept for redeliveries. */
    static final int KEPT_ACTION_OUTCOMES = 10_000;

    private final Fleet fleet;
    private final PortBinder ports;
    private final Tombstones tombstones;
    private final Clock clock;
    private final PowerStates powerStates;
    private final LifecycleLog lifecycle;
    private final Rebuilds rebuilds;
    private final Resizes resizes;
    private final Migrations migrations;
    private final Snapshots snapshots;
    private final PowerCommands power;
    private final Counter spawns;
    private final Counter destroys;
    private final Counter spawnFailures;
    private final Counter destroyFailures;
    private final Timer spawnDuration;

    @Inject
    public InstanceCommands(Fleet fleet, Clock clock, MeterRegistry metrics, AgentConfig config,
            PowerStates powerStates, Images images, ImageData imageData, NeutronPorts ports) {
        this(fleet, Tombstones.in(StateDirectory.of(config).resolve("destroyed-instances")),
                ActionOutcomes.in(StateDirectory.of(config).resolve("server-actions"), KEPT_ACTION_OUTCOMES), clock,
                metrics, config.shutdownTimeout(), powerStates, images, Optional.of(imageData), ports);
    }

    /** Commands whose tombstones live in memory, for tests. */
    public InstanceCommands(Fleet fleet, Clock clock, MeterRegistry metrics, Duration shutdownTimeout,
            Images images) {
        this(fleet, Tombstones.inMemory(), ActionOutcomes.inMemory(), clock, metrics, shutdownTimeout,
                new PowerStates(), images, Optional.empty());
    }

    /** Commands that bind no ports (tests without a network service). */
    InstanceCommands(Fleet fleet, Tombstones tombstones, ActionOutcomes outcomes, Clock clock, MeterRegistry metrics,
            Duration shutdownTimeout, PowerStates powerStates, Images images, Optional<ImageData> imageData) {
        this(fleet, tombstones, outcomes, clock, metrics, shutdownTimeout, powerStates, images, imageData,
                PortBinder.NONE);
    }

    private InstanceCommands(Fleet fleet, Tombstones tombstones, ActionOutcomes outcomes, Clock clock,
            MeterRegistry metrics, Duration shutdownTimeout, PowerStates powerStates, Images images,
            Optional<ImageData> imageData, PortBinder ports) {
        this.fleet = fleet;
        this.ports = ports;
        this.tombstones = tombstones;
        this.clock = clock;
        this.powerStates = powerStates;
        this.lifecycle = new LifecycleLog(clock);
        this.rebuilds = new Rebuilds(powerStates, lifecycle, tombstones::isDestroyed, outcomes);
        InstancePower instancePower = new InstancePower(shutdownTimeout);
        this.power = new PowerCommands(instancePower, powerStates, lifecycle, tombstones::isDestroyed, outcomes,
                metrics);
        this.resizes = new Resizes(instancePower, powerStates, lifecycle, tombstones::isDestroyed, outcomes);
        this.migrations = new Migrations(fleet, instancePower, powerStates, lifecycle, tombstones::isDestroyed);
        this.snapshots = new Snapshots(images, imageData, lifecycle, tombstones::isDestroyed, outcomes);
        this.spawns = metrics.counter("kumo.agent.spawns");
        this.destroys = metrics.counter("kumo.agent.destroys");
        this.spawnFailures = metrics.counter("kumo.agent.failures", "operation", "spawn");
        this.destroyFailures = metrics.counter("kumo.agent.failures", "operation", "destroy");
        this.spawnDuration = Timer.builder("kumo.agent.spawn.duration")
                .description("From a spawn command to a running domain")
                .publishPercentileHistogram()
                .register(metrics);
    }

    private Optional<Message> applyCommand(Message command) {
        if (command instanceof SpawnInstance spawn) {
            return Optional.of(spawn(spawn));
        }
        if (command instanceof DestroyInstance destroy) {
            return Optional.of(destroy(destroy));
        }
        if (command instanceof OperateInstance operate) {
            return Optional.of(power.operate(hostOf(operate.host()), operate));
        }
        if (command instanceof RebuildInstance rebuild) {
            return Optional.of(rebuilds.rebuild(hostOf(rebuild.host()), rebuild));
        }
        if (command instanceof ResizeInstance resize) {
            return Optional.of(resizes.resize(hostOf(resize.host()), resize));
        }
        if (command instanceof MigrateInstance migrate) {
            return Optional.of(migrations.migrate(hostOf(migrate.host()), migrate));
        }
        if (command instanceof SnapshotInstance snapshot) {
            return Optional.of(snapshots.snapshot(hostOf(snapshot.host()), snapshot));
        }
        if (command instanceof UpdatePortRules update) {
            hostOf(update.host()).networks().updateRules(update.instanceId(), update.portId(), update.rules());
        }
        if (command instanceof UpdateRouter router) {
            hostOf(router.host()).networks().updateRouter(router);
        }
        return Optional.empty();
    }

    @Override
    public Optional<Message> apply(Message command) {
        if (command instanceof SpawnInstance spawn && tombstones.isDestroyed(spawn.host(), spawn.instanceId())) {
            LOG.infof("instance %s was destroyed on host %s before: not spawning it again", spawn.instanceId(),
                    spawn.host());
            return Optional.empty();
        }
        return applyCommand(command);
    }

    Message spawn(SpawnInstance command) {
        Host host = hostOf(command.host());
        Timer.Sample started = Timer.start();
        powerStates.busy(command.instanceId());
        BoundPorts bound = BoundPorts.NONE;
        try {
            bound = ports.bind(host.name(), command.instanceId(), command.guestConfig().projectId(),
                    command.networks());
            GuestConfig guest = bound.nics().isEmpty() ? command.guestConfig()
                    : command.guestConfig().withNics(bound.nics());
            host.networks().plug(command.instanceId(), guest.nics()); // before the domain starts
            host.hypervisor().spawn(new InstanceSpec(command.instanceId(), command.name(), command.resources(),
                    command.imageRef(), guest));
            started.stop(spawnDuration);
            spawns.increment();
            powerStates.told(host.name(), command.instanceId(), PowerState.RUNNING);
            recordSpawn(host, command);
            LOG.infof("instance %s runs on host %s", command.instanceId(), host.name());
            return new InstanceActive(command.instanceId(), host.name(), DomainNames.of(command.instanceId()),
                    clock.instant(), bound.attached());
        } catch (RuntimeException e) {
            spawnFailures.increment();
            LOG.warnf("host %s failed to spawn instance %s: %s", host.name(), command.instanceId(), e.getMessage());
            removeHalfMadeDomain(host, command.instanceId());
            ports.release(bound);
            return new InstanceSpawnFailed(command.instanceId(), host.name(),
                    "Host " + host.name() + " could not spawn the instance: " + e.getMessage(), command);
        } finally {
            powerStates.idle(command.instanceId());
        }
    }

    /** What spawning did, step by step, in the test host's console log. */
    private void recordSpawn(Host host, SpawnInstance command) {
        Resources resources = command.resources();
        lifecycle.record(host, command.instanceId(), "defined as domain " + DomainNames.of(command.instanceId())
                + " with " + resources.vcpus() + " vCPU, " + resources.memoryMb() + " MiB RAM and "
                + resources.diskGb() + " GiB disk");
        if (command.imageRef() != null) {
            lifecycle.record(host, command.instanceId(), "given image " + command.imageRef());
        }
        lifecycle.record(host, command.instanceId(), "started");
    }

    private void removeHalfMadeDomain(Host host, UUID instanceId) {
        try {
            host.hypervisor().destroy(instanceId);
            host.networks().unplug(instanceId);
        } catch (RuntimeException e) {
            LOG.errorf("host %s cannot remove what is left of instance %s: %s", host.name(), instanceId,
                    e.getMessage());
        }
    }

    /** A destroy that fails throws: the command is retried, since the instance must not linger on the host. */
    Message destroy(DestroyInstance command) {
        Host host = hostOf(command.host());
        powerStates.busy(command.instanceId());
        try {
            host.hypervisor().destroy(command.instanceId());
            host.networks().unplug(command.instanceId()); // after the domain: its taps have left the bridges
            powerStates.forget(host.name(), command.instanceId()); // before idle: the sync must not report it gone
        } catch (RuntimeException e) {
            destroyFailures.increment();
            throw e;
        } finally {
            powerStates.idle(command.instanceId());
        }
        tombstones.record(host.name(), command.instanceId());
        destroys.increment();
        LOG.infof("instance %s is gone from host %s", command.instanceId(), host.name());
        return new InstanceDestroyed(command.instanceId(), host.name());
    }

    private Host hostOf(String name) {
        return fleet.host(name).orElseThrow(() -> new IllegalArgumentException("this agent runs no host " + name));
    }
}
