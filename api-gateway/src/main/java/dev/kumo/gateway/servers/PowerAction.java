package dev.kumo.gateway.servers;

import dev.kumo.contracts.host.PowerOperation;
import java.util.Set;

/**
 * A server action that changes the power state of an instance's domain: the vm_states Nova allows it in, the
 * task_state it runs under, the operation the host performs, and the event its audit trail shows.
 */
enum PowerAction {
    START("os-start", Set.of(VmState.STOPPED), TaskState.POWERING_ON, PowerOperation.START,
            "compute_start_instance"),
    STOP("os-stop", Set.of(VmState.ACTIVE, VmState.ERROR), TaskState.POWERING_OFF, PowerOperation.STOP,
            "compute_stop_instance"),
    REBOOT_SOFT("reboot", Set.of(VmState.ACTIVE), TaskState.REBOOTING, PowerOperation.REBOOT_SOFT,
            "compute_reboot_instance"),
    REBOOT_HARD("reboot", Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED, VmState.SUSPENDED, VmState.ERROR),
            TaskState.REBOOTING_HARD, PowerOperation.REBOOT_HARD, "compute_reboot_instance"),
    PAUSE("pause", Set.of(VmState.ACTIVE), TaskState.PAUSING, PowerOperation.PAUSE, "compute_pause_instance"),
    UNPAUSE("unpause", Set.of(VmState.PAUSED), TaskState.UNPAUSING, PowerOperation.UNPAUSE,
            "compute_unpause_instance"),
    SUSPEND("suspend", Set.of(VmState.ACTIVE), TaskState.SUSPENDING, PowerOperation.SUSPEND,
            "compute_suspend_instance"),
    RESUME("resume", Set.of(VmState.SUSPENDED), TaskState.RESUMING, PowerOperation.RESUME,
            "compute_resume_instance");

    private final String apiName;
    private final Set<String> allowedStates;
    private final String taskState;
    private final PowerOperation operation;
    private final String event;

    PowerAction(String apiName, Set<String> allowedStates, String taskState, PowerOperation operation, String event) {
        this.apiName = apiName;
        this.allowedStates = allowedStates;
        this.taskState = taskState;
        this.operation = operation;
        this.event = event;
    }

    String apiName() {
        return apiName;
    }

    /** The action name os-instance-actions shows: Nova's, e.g. {@code stop}, {@code reboot}. */
    String recordedName() {
        return apiName.startsWith("os-") ? apiName.substring(3) : apiName;
    }

    Set<String> allowedStates() {
        return allowedStates;
    }

    String taskState() {
        return taskState;
    }

    PowerOperation operation() {
        return operation;
    }

    String event() {
        return event;
    }

    static PowerAction forTask(String taskState) {
        for (PowerAction action : values()) {
            if (action.taskState.equals(taskState)) {
                return action;
            }
        }
        return null;
    }
}
