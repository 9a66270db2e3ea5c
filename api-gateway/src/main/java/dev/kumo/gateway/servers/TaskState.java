package dev.kumo.gateway.servers;

/** Nova's task_state values: what is being done to an instance right now. */
public final class TaskState {

    public static final String SCHEDULING = "scheduling";
    public static final String SPAWNING = "spawning";
    public static final String DELETING = "deleting";
    public static final String POWERING_OFF = "powering-off";
    public static final String POWERING_ON = "powering-on";
    public static final String REBOOTING = "rebooting";
    public static final String REBOOTING_HARD = "rebooting_hard";
    public static final String PAUSING = "pausing";
    public static final String UNPAUSING = "unpausing";
    public static final String SUSPENDING = "suspending";
    public static final String RESUMING = "resuming";
    public static final String REBUILDING = "rebuilding";
    public static final String RESIZE_PREP = "resize_prep";
    public static final String RESIZE_REVERTING = "resize_reverting";
    public static final String MIGRATING = "migrating";
    public static final String IMAGE_SNAPSHOT = "image_snapshot";
    public static final String IMAGE_BACKUP = "image_backup";

    private TaskState() {
    }
}
