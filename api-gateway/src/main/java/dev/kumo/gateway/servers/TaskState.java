package dev.kumo.gateway.servers;

/** Nova's task_state values that Kumo uses so far. */
public final class TaskState {

    public static final String SCHEDULING = "scheduling";
    public static final String SPAWNING = "spawning";
    public static final String DELETING = "deleting";

    private TaskState() {
    }
}
