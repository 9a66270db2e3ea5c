package dev.kumo.gateway.servers;

/** Nova's vm_state values that Kumo uses so far. */
public final class VmState {

    public static final String BUILDING = "building";
    public static final String ACTIVE = "active";
    public static final String ERROR = "error";
    public static final String DELETED = "deleted";

    private VmState() {
    }

    /** The API status Nova derives from vm_state (task states refine it in later microversions). */
    public static String status(String vmState) {
        return switch (vmState) {
            case BUILDING -> "BUILD";
            case ACTIVE -> "ACTIVE";
            case ERROR -> "ERROR";
            case DELETED -> "DELETED";
            default -> "UNKNOWN";
        };
    }
}
