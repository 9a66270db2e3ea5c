package dev.kumo.gateway.servers;

/** Nova's numeric power states, and how a host's report maps onto them. */
public final class PowerState {

    public static final int NOSTATE = 0;
    public static final int RUNNING = 1;
    public static final int PAUSED = 3;
    public static final int SHUTDOWN = 4;
    public static final int CRASHED = 6;
    public static final int SUSPENDED = 7;

    private PowerState() {
    }

    public static int of(dev.kumo.contracts.host.PowerState reported) {
        return switch (reported) {
            case RUNNING -> RUNNING;
            case PAUSED -> PAUSED;
            case SHUTDOWN -> SHUTDOWN;
            case CRASHED -> CRASHED;
            case SUSPENDED -> SUSPENDED;
            case NOSTATE -> NOSTATE;
        };
    }

    /** The vm_state an instance settles in when its host reports this power state. */
    public static String vmStateFor(dev.kumo.contracts.host.PowerState reported) {
        return switch (reported) {
            case RUNNING -> VmState.ACTIVE;
            case PAUSED -> VmState.PAUSED;
            case SUSPENDED -> VmState.SUSPENDED;
            case SHUTDOWN, CRASHED, NOSTATE -> VmState.STOPPED;
        };
    }
}
