package dev.kumo.agent.instances;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.agent.power.PowerStates;
import dev.kumo.contracts.host.MigrateInstance;
import dev.kumo.contracts.host.MigrationKind;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.instance.InstanceMigrated;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.jboss.logging.Logger;

/**
 * Moves an instance's domain from the command's host to its target, keeping its spec and power state. When this
 * agent runs both hosts (a simulated fleet) the domain is defined on the target's connection, brought to the
 * source's power state, and only then removed from the source; otherwise libvirt migrates it to the target's
 * libvirtd. Converges: a domain already on the target and gone from the source is answered as moved, and a failed
 * move leaves nothing on the target.
 */
final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    private final Fleet fleet;
    private final InstancePower power;
    private final PowerStates states;
    private final LifecycleLog lifecycle;
    private final BiPredicate<String, UUID> destroyedHere;

    Migrations(Fleet fleet, InstancePower power, PowerStates states, LifecycleLog lifecycle,
            BiPredicate<String, UUID> destroyedHere) {
        this.fleet = fleet;
        this.power = power;
        this.states = states;
        this.lifecycle = lifecycle;
        this.destroyedHere = destroyedHere;
    }

    InstanceMigrated migrate(Host source, MigrateInstance command) {
        UUID id = command.instanceId();
        Optional<Host> local = fleet.host(command.targetHost());
        states.busy(id);
        try {
            InstanceState here = source.hypervisor().state(id);
            if (local.isPresent() && here == InstanceState.ABSENT
                    && local.get().hypervisor().state(id) != InstanceState.ABSENT) {
                return moved(command, local.get().hypervisor().state(id)); // redelivered: moved before
            }
            if (destroyedHere.test(source.name(), id) || here == InstanceState.ABSENT) {
                return failed(command, here, "Instance " + id + " is not on host " + source.name() + ".");
            }
            if (local.isPresent()) {
                moveWithin(source, local.get(), command, here);
                states.forget(source.name(), id);
                states.told(local.get().name(), id, InstancePower.powerStateOf(local.get().hypervisor().state(id)));
                return moved(command, local.get().hypervisor().state(id));
            }
            if (command.targetLibvirtUri() == null) {
                return failed(command, here, "Host " + command.targetHost() + " has no libvirt URI to migrate to.");
            }
            source.hypervisor().migrateTo(id, command.targetLibvirtUri(), command.blockMigration());
            source.networks().unplug(id); // its ports left with it
            states.forget(source.name(), id);
            lifecycle.record(source, id, "migrated to host " + command.targetHost());
            return moved(command, here);
        } catch (RuntimeException e) {
            LOG.warnf("host %s could not move instance %s to %s: %s", source.name(), id, command.targetHost(),
                    e.getMessage());
            local.ifPresent(target -> removeFromTarget(source, target, id));
            return failed(command, source.hypervisor().state(id), "Host " + source.name()
                    + " could not migrate the instance to " + command.targetHost() + ": " + e.getMessage());
        } finally {
            states.idle(id);
        }
    }

    /** Defines the domain on the target in the source's power state, then removes it from the source. */
    private void moveWithin(Host source, Host target, MigrateInstance command, InstanceState state) {
        UUID id = command.instanceId();
        target.hypervisor().spawn(new InstanceSpec(id, command.name(), command.resources(), command.imageRef()));
        switch (state) {
            case PAUSED -> target.hypervisor().pause(id);
            case RUNNING -> {
            }
            default -> power.apply(target.hypervisor(), id, PowerOperation.STOP);
        }
        source.hypervisor().destroy(id);
        source.networks().unplug(id);
        lifecycle.record(target, id, (command.kind() == MigrationKind.LIVE ? "live-migrated" : "migrated")
                + " from host " + source.name());
        LOG.infof("instance %s moved from host %s to %s (%s)", id, source.name(), target.name(), command.kind());
    }

    /** A failed move must leave no second domain: the source still has it, so the target's copy goes. */
    private static void removeFromTarget(Host source, Host target, UUID id) {
        try {
            if (source.hypervisor().state(id) != InstanceState.ABSENT) {
                target.hypervisor().destroy(id);
            }
        } catch (RuntimeException e) {
            LOG.errorf("host %s cannot remove its half-moved copy of instance %s: %s", target.name(), id,
                    e.getMessage());
        }
    }

    private static InstanceMigrated moved(MigrateInstance command, InstanceState state) {
        return new InstanceMigrated(command.instanceId(), command.migrationId(), command.kind(), command.host(),
                command.targetHost(), InstancePower.powerStateOf(state), command.requestId(), null);
    }

    private static InstanceMigrated failed(MigrateInstance command, InstanceState state, String fault) {
        PowerState powerState = InstancePower.powerStateOf(state);
        return new InstanceMigrated(command.instanceId(), command.migrationId(), command.kind(), command.host(),
                command.targetHost(), powerState, command.requestId(), fault);
    }
}
