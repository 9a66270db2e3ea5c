package dev.kumo.gateway.servers;

import java.util.Set;

/** Nova's vm_state values: what an instance is. */
public final class VmState {

    public static final String BUILDING = "building";
    public static final String ACTIVE = "active";
    public static final String STOPPED = "stopped";
    public static final String PAUSED = "paused";
    public static final String SUSPENDED = "suspended";
    public static final String ERROR = "error";
    /** Resized, waiting for the tenant to confirm or revert (status VERIFY_RESIZE). */
    public static final String RESIZED = "resized";
    public static final String DELETED = "deleted";

    public static final Set<String> ALL = Set.of(BUILDING, ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR, DELETED,
            RESIZED);

    private VmState() {
    }

    /** The API status Nova derives from vm_state and task_state. */
    public static String status(String vmState, String taskState) {
        String task = taskState == null ? "" : taskState;
        if (TaskState.REBUILDING.equals(task)) {
            return "REBUILD";
        }
        if (TaskState.RESIZE_PREP.equals(task)) {
            return "RESIZE";
        }
        if (TaskState.RESIZE_REVERTING.equals(task)) {
            return "REVERT_RESIZE";
        }
        if (TaskState.MIGRATING.equals(task)) {
            return "MIGRATING";
        }
        return switch (vmState) {
            case BUILDING -> "BUILD";
            case ACTIVE -> switch (task) {
                case TaskState.REBOOTING -> "REBOOT";
                case TaskState.REBOOTING_HARD -> "HARD_REBOOT";
                default -> "ACTIVE";
            };
            case STOPPED -> "SHUTOFF";
            case PAUSED -> "PAUSED";
            case SUSPENDED -> "SUSPENDED";
            case ERROR -> "ERROR";
            case DELETED -> "DELETED";
            case RESIZED -> "VERIFY_RESIZE";
            default -> "UNKNOWN";
        };
    }

    /** The vm_states a status filter names ({@code ?status=SHUTOFF}); empty for an unknown status. */
    public static Set<String> forStatus(String status) {
        return switch (status.toUpperCase(java.util.Locale.ROOT)) {
            case "BUILD" -> Set.of(BUILDING);
            case "ACTIVE", "REBOOT", "HARD_REBOOT" -> Set.of(ACTIVE);
            case "SHUTOFF" -> Set.of(STOPPED);
            case "PAUSED" -> Set.of(PAUSED);
            case "SUSPENDED" -> Set.of(SUSPENDED);
            case "ERROR" -> Set.of(ERROR);
            case "DELETED" -> Set.of(DELETED);
            case "VERIFY_RESIZE", "REVERT_RESIZE" -> Set.of(RESIZED);
            case "RESIZE" -> Set.of(ACTIVE, STOPPED);
            default -> Set.of();
        };
    }
}
