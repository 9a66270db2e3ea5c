package dev.kumo.agent.instances;

import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.HypervisorException;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.agent.power.PowerOperationRefused;
import dev.kumo.agent.power.PowerStates;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.instance.InstanceOperated;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.jboss.logging.Logger;

/**
 * Applies the gateway's server actions (start, stop, reboot, pause, suspend...) to an instance's domain and answers
 * each with {@link InstanceOperated}: the power state afterwards, and a fault the user can read when it did not
 * happen. Every command is answered, also the refused ones. Stop and start converge by themselves; so that a
 * redelivered reboot does not reboot twice, the outcome of each server action (its request id) is kept
 * ({@link ActionOutcomes}) and repeated.
 */
final class PowerCommands {

    private static final Logger LOG = Logger.getLogger(PowerCommands.class);

    private final InstancePower power;
    private final PowerStates states;
    private final LifecycleLog lifecycle;
    private final BiPredicate<String, UUID> destroyedHere;
    private final ActionOutcomes outcomes;
    private final MeterRegistry metrics;

    PowerCommands(InstancePower power, PowerStates states, LifecycleLog lifecycle, BiPredicate<String, UUID> destroyedHere,
            ActionOutcomes outcomes, MeterRegistry metrics) {
        this.power = power;
        this.states = states;
        this.lifecycle = lifecycle;
        this.destroyedHere = destroyedHere;
        this.outcomes = outcomes;
        this.metrics = metrics;
    }

    InstanceOperated operate(Host host, OperateInstance command) {
        Optional<InstanceOperated> known = outcomes.of(command);
        if (known.isPresent()) {
            LOG.infof("server action %s on instance %s was applied before: answering as then", command.requestId(),
                    command.instanceId());
            return known.get();
        }
        InstanceOperated outcome = apply(host, command);
        outcomes.record(outcome);
        return outcome;
    }

    private InstanceOperated apply(Host host, OperateInstance command) {
        UUID id = command.instanceId();
        PowerOperation operation = command.operation();
        states.busy(id);
        try {
            if (destroyedHere.test(host.name(), id) || host.hypervisor().state(id) == InstanceState.ABSENT) {
                return failed(host, command, PowerState.NOSTATE,
                        "Instance " + id + " is not on host " + host.name() + ".");
            }
            InstancePower.Outcome outcome = power.apply(host.hypervisor(), id, operation);
            PowerState after = InstancePower.powerStateOf(outcome.state());
            states.told(host.name(), id, after);
            if (outcome.acted()) {
                lifecycle.record(host, id, pastTense(operation));
            }
            metrics.counter("kumo.agent.operations", "operation", tag(operation)).increment();
            LOG.infof("instance %s on host %s: %s %s, now %s", id, host.name(), InstancePower.wordsFor(operation),
                    outcome.acted() ? "done" : "already so", after);
            return new InstanceOperated(id, host.name(), operation, after, command.requestId(), null);
        } catch (PowerOperationRefused e) {
            return failed(host, command, toldState(host, id), e.getMessage());
        } catch (HypervisorException | IllegalStateException e) { // libvirt refused, or its connection is closed
            return failed(host, command, toldState(host, id), "Host " + host.name() + " could not "
                    + InstancePower.wordsFor(operation) + " the instance: " + e.getMessage());
        } finally {
            states.idle(id);
        }
    }

    private InstanceOperated failed(Host host, OperateInstance command, PowerState state, String fault) {
        metrics.counter("kumo.agent.failures", "operation", tag(command.operation())).increment();
        LOG.warnf("instance %s on host %s: %s failed: %s", command.instanceId(), host.name(),
                InstancePower.wordsFor(command.operation()), fault);
        return new InstanceOperated(command.instanceId(), host.name(), command.operation(), state,
                command.requestId(), fault);
    }

    /** The state the failed operation left, which its answer tells the control plane. */
    private PowerState toldState(Host host, UUID id) {
        PowerState state;
        try {
            state = InstancePower.powerStateOf(host.hypervisor().state(id));
        } catch (RuntimeException e) {
            return PowerState.NOSTATE; // unknown now; the next sync tells
        }
        states.told(host.name(), id, state);
        return state;
    }

    private static String tag(PowerOperation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }

    private static String pastTense(PowerOperation operation) {
        return switch (operation) {
            case START -> "started";
            case STOP -> "stopped";
            case REBOOT_SOFT -> "rebooted";
            case REBOOT_HARD -> "rebooted (hard)";
            case PAUSE -> "paused";
            case UNPAUSE -> "unpaused";
            case SUSPEND -> "suspended";
            case RESUME -> "resumed";
            case REBUILD -> "rebuilt";
            case SNAPSHOT -> "snapshotted";
            case RESIZE -> "resized";
            case REVERT_RESIZE -> "resized back";
        };
    }
}
