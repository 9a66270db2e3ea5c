package dev.kumo.agent.instances;

import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.InstanceSpec;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.agent.power.PowerStates;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.ResizeInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.jboss.logging.Logger;

/**
 * Gives an instance's domain the resources the scheduler claimed for it (a resize, or its revert): the guest is
 * shut down (power button, then off after the timeout), its domain defined again with the new vCPUs and memory,
 * and started again if it was running. A redelivered command is answered as before, not redone.
 */
final class Resizes {

    private static final Logger LOG = Logger.getLogger(Resizes.class);

    private final InstancePower power;
    private final PowerStates states;
    private final LifecycleLog lifecycle;
    private final BiPredicate<String, UUID> destroyedHere;
    private final ActionOutcomes outcomes;

    Resizes(InstancePower power, PowerStates states, LifecycleLog lifecycle, BiPredicate<String, UUID> destroyedHere,
            ActionOutcomes outcomes) {
        this.power = power;
        this.states = states;
        this.lifecycle = lifecycle;
        this.destroyedHere = destroyedHere;
        this.outcomes = outcomes;
    }

    InstanceOperated resize(Host host, ResizeInstance command) {
        return outcomes.once(command.instanceId(), command.operation(), command.requestId(),
                () -> apply(host, command));
    }

    private InstanceOperated apply(Host host, ResizeInstance command) {
        UUID id = command.instanceId();
        states.busy(id);
        try {
            InstanceState before = host.hypervisor().state(id);
            if (destroyedHere.test(host.name(), id) || before == InstanceState.ABSENT) {
                return answer(host, command, InstanceState.ABSENT, "Instance " + id + " is not on host "
                        + host.name() + ".");
            }
            boolean wasRunning = before == InstanceState.RUNNING;
            power.apply(host.hypervisor(), id, PowerOperation.STOP);
            host.hypervisor().redefine(new InstanceSpec(id, command.name(), command.resources(), command.imageRef()));
            if (wasRunning) {
                host.hypervisor().start(id);
            }
            lifecycle.record(host, id, "resized to " + command.resources().vcpus() + " vCPU and "
                    + command.resources().memoryMb() + " MiB");
            LOG.infof("instance %s on host %s resized to %s", id, host.name(), command.resources());
            return answer(host, command, host.hypervisor().state(id), null);
        } catch (RuntimeException e) {
            LOG.warnf("host %s could not resize instance %s: %s", host.name(), id, e.getMessage());
            return answer(host, command, host.hypervisor().state(id),
                    "Host " + host.name() + " could not resize the instance: " + e.getMessage());
        } finally {
            states.idle(id);
        }
    }

    private InstanceOperated answer(Host host, ResizeInstance command, InstanceState state, String fault) {
        states.told(host.name(), command.instanceId(), InstancePower.powerStateOf(state));
        return new InstanceOperated(command.instanceId(), host.name(), command.operation(),
                InstancePower.powerStateOf(state), command.requestId(), fault);
    }
}
