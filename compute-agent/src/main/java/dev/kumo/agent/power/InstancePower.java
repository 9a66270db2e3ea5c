package dev.kumo.agent.power;

import dev.kumo.agent.hypervisor.Hypervisor;
import dev.kumo.agent.hypervisor.HypervisorException;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Brings an instance's domain where a power operation asks. Each operation reads the state first: when its target
 * holds already it does nothing (a redelivered command is harmless), when the state forbids it, it refuses with a
 * sentence for the user, otherwise it takes the fewest steps that get there. A guest gets {@code shutdownTimeout}
 * to act on the power button before it is powered off (stop) or reset (soft reboot), as Nova's libvirt driver does.
 */
public final class InstancePower {

    private static final Logger LOG = Logger.getLogger(InstancePower.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Duration shutdownTimeout;

    public InstancePower(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** What an operation did: the state afterwards, and whether it acted at all. */
    public record Outcome(InstanceState state, boolean acted) {
    }

    /**
     * @throws PowerOperationRefused when the instance's state does not allow the operation (or it has no domain)
     * @throws HypervisorException when the hypervisor refuses a step
     */
    public Outcome apply(Hypervisor hypervisor, UUID instanceId, PowerOperation operation) {
        InstanceState before = hypervisor.state(instanceId);
        if (before == InstanceState.ABSENT) {
            throw new PowerOperationRefused("Instance " + instanceId + " has no domain on this host.");
        }
        Steps steps = new Steps(hypervisor, instanceId);
        boolean acted = switch (operation) {
            case START -> steps.start(before);
            case STOP -> steps.stop(before);
            case REBOOT_SOFT -> steps.rebootSoft(before);
            case REBOOT_HARD -> steps.rebootHard(before);
            case PAUSE -> steps.pause(before);
            case UNPAUSE -> steps.unpause(before);
            case SUSPEND -> steps.suspend(before);
            case RESUME -> steps.resume(before);
            case REBUILD, SNAPSHOT, RESIZE, REVERT_RESIZE -> throw new PowerOperationRefused("A " + operation
                    + " is not a power operation: it has its own command.");
        };
        return new Outcome(hypervisor.state(instanceId), acted);
    }

    /** The power state the control plane knows; an instance without a domain has none. */
    public static PowerState powerStateOf(InstanceState state) {
        return switch (state) {
            case RUNNING -> PowerState.RUNNING;
            case PAUSED -> PowerState.PAUSED;
            case SHUTDOWN -> PowerState.SHUTDOWN;
            case CRASHED -> PowerState.CRASHED;
            case SUSPENDED -> PowerState.SUSPENDED;
            case ABSENT -> PowerState.NOSTATE;
        };
    }

    /** The operation in the user's words: "reboot", "pause"... */
    public static String wordsFor(PowerOperation operation) {
        return switch (operation) {
            case REBOOT_SOFT -> "reboot";
            case REBOOT_HARD -> "hard-reboot";
            default -> operation.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The steps on one instance; each returns whether it acted. */
    private final class Steps {

        private final Hypervisor hypervisor;
        private final UUID id;

        Steps(Hypervisor hypervisor, UUID id) {
            this.hypervisor = hypervisor;
            this.id = id;
        }

        boolean start(InstanceState state) {
            return switch (state) {
                case RUNNING -> false;
                case SHUTDOWN, CRASHED, SUSPENDED -> {
                    hypervisor.start(id); // from a managed save, libvirt restores it
                    yield true;
                }
                default -> throw refused(PowerOperation.START, state);
            };
        }

        boolean stop(InstanceState state) {
            switch (state) {
                case SHUTDOWN, CRASHED -> {
                    return false;
                }
                case SUSPENDED -> hypervisor.discardSuspendedState(id);
                case PAUSED -> powerOff(); // frozen vCPUs cannot answer the power button
                default -> {
                    if (!shutDownWithin(shutdownTimeout)) {
                        LOG.infof("instance %s ignored the power button for %s: powering it off", id, shutdownTimeout);
                        powerOff();
                    }
                }
            }
            return true;
        }

        /** Power button, then start again once the guest is off; a guest that ignores it is reset. */
        boolean rebootSoft(InstanceState state) {
            if (state != InstanceState.RUNNING) {
                throw refused(PowerOperation.REBOOT_SOFT, state);
            }
            if (shutDownWithin(shutdownTimeout)) {
                hypervisor.start(id);
            } else {
                LOG.infof("instance %s ignored the power button for %s: resetting it", id, shutdownTimeout);
                reset();
            }
            return true;
        }

        boolean rebootHard(InstanceState state) {
            switch (state) {
                case RUNNING -> reset();
                case PAUSED -> {
                    powerOff();
                    hypervisor.start(id);
                }
                case SUSPENDED -> {
                    hypervisor.discardSuspendedState(id);
                    hypervisor.start(id);
                }
                default -> hypervisor.start(id);
            }
            return true;
        }

        boolean pause(InstanceState state) {
            return switch (state) {
                case PAUSED -> false;
                case RUNNING -> {
                    hypervisor.pause(id);
                    yield true;
                }
                default -> throw refused(PowerOperation.PAUSE, state);
            };
        }

        boolean unpause(InstanceState state) {
            return switch (state) {
                case RUNNING -> false;
                case PAUSED -> {
                    hypervisor.unpause(id);
                    yield true;
                }
                default -> throw refused(PowerOperation.UNPAUSE, state);
            };
        }

        boolean suspend(InstanceState state) {
            return switch (state) {
                case SUSPENDED -> false;
                case RUNNING -> {
                    hypervisor.suspend(id);
                    yield true;
                }
                default -> throw refused(PowerOperation.SUSPEND, state);
            };
        }

        boolean resume(InstanceState state) {
            return switch (state) {
                case RUNNING -> false;
                case SUSPENDED -> {
                    hypervisor.start(id);
                    yield true;
                }
                default -> throw refused(PowerOperation.RESUME, state);
            };
        }

        /** Presses the power button and waits for the guest to be off; false when it is still on at the timeout. */
        private boolean shutDownWithin(Duration timeout) {
            try {
                hypervisor.requestShutdown(id);
            } catch (HypervisorException e) {
                LOG.infof("instance %s cannot be asked to shut down: %s", id, e.getMessage());
                return false;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (isOn(hypervisor.state(id))) {
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                sleep();
            }
            return true;
        }

        private void powerOff() {
            try {
                hypervisor.powerOff(id);
            } catch (HypervisorException e) {
                if (isOn(hypervisor.state(id))) {
                    throw e;
                } // it went off by itself between the check and the power-off
            }
        }

        /** The reset button, or off and on again where the hypervisor has no reset. */
        private void reset() {
            try {
                hypervisor.reset(id);
            } catch (HypervisorException e) {
                LOG.infof("instance %s cannot be reset (%s): powering it off and on", id, e.getMessage());
                powerOff();
                hypervisor.start(id);
            }
        }
    }

    private static boolean isOn(InstanceState state) {
        return state == InstanceState.RUNNING || state == InstanceState.PAUSED;
    }

    private static PowerOperationRefused refused(PowerOperation operation, InstanceState state) {
        return new PowerOperationRefused("Cannot " + wordsFor(operation) + " the instance while its power state is "
                + state + ".");
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the guest to shut down", e);
        }
    }
}
