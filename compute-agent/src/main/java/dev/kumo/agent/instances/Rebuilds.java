package dev.kumo.agent.instances;

import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.agent.power.PowerStates;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.RebuildInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.jboss.logging.Logger;

/**
 * Rebuilds an instance in place: its domain is destroyed and defined again from the new image, keeping its id
 * and host, then started (and stopped again when it was stopped, as Nova does). Answered like a power action; a redelivered rebuild is answered as before, not redone.
 */
final class Rebuilds {

    private static final Logger LOG = Logger.getLogger(Rebuilds.class);

    private final PowerStates states;
    private final LifecycleLog lifecycle;
    private final BiPredicate<String, UUID> destroyedHere;
    private final ActionOutcomes outcomes;

    Rebuilds(PowerStates states, LifecycleLog lifecycle, BiPredicate<String, UUID> destroyedHere, ActionOutcomes outcomes) {
        this.states = states;
        this.lifecycle = lifecycle;
        this.destroyedHere = destroyedHere;
        this.outcomes = outcomes;
    }

    InstanceOperated rebuild(Host host, RebuildInstance command) {
        return outcomes.once(command.instanceId(), PowerOperation.REBUILD, command.requestId(),
                () -> apply(host, command));
    }

    private InstanceOperated apply(Host host, RebuildInstance command) {
        UUID id = command.instanceId();
        states.busy(id);
        try {
            if (destroyedHere.test(host.name(), id) || host.hypervisor().state(id) == InstanceState.ABSENT) {
                return answer(host, command, PowerState.NOSTATE, "Instance " + id + " is not on host " + host.name()
                        + ".");
            }
            InstanceState before = host.hypervisor().state(id);
            host.hypervisor().destroy(id);
            host.hypervisor().spawn(new InstanceSpec(id, command.name(), command.resources(), command.imageRef(),
                    command.guestConfig()));
            boolean keepStopped = before == InstanceState.SHUTDOWN || before == InstanceState.CRASHED;
            if (keepStopped) {
                host.hypervisor().powerOff(id); // as Nova does: a stopped server is rebuilt stopped
            }
            lifecycle.record(host, id, "rebuilt from image " + command.imageRef() + (keepStopped ? ", stopped" : ""));
            LOG.infof("instance %s rebuilt on host %s from image %s", id, host.name(), command.imageRef());
            return answer(host, command, keepStopped ? PowerState.SHUTDOWN : PowerState.RUNNING, null);
        } catch (RuntimeException e) {
            LOG.warnf("host %s could not rebuild instance %s: %s", host.name(), id, e.getMessage());
            return answer(host, command, InstancePower.powerStateOf(host.hypervisor().state(id)),
                    "Host " + host.name() + " could not rebuild the instance: " + e.getMessage());
        } finally {
            states.idle(id);
        }
    }

    private InstanceOperated answer(Host host, RebuildInstance command, PowerState state, String fault) {
        states.told(host.name(), command.instanceId(), state);
        return new InstanceOperated(command.instanceId(), host.name(), PowerOperation.REBUILD, state,
                command.requestId(), fault);
    }
}
