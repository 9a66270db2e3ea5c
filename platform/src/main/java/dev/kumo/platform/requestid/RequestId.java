package dev.kumo.platform.requestid;

import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The request id that ties together an API call, the messages it causes and every log line about it.
 * It has OpenStack's shape, {@code req-<uuid>}, and sits in the logging MDC under {@code requestId}.
 */
public final class RequestId {

    public static final String MDC_KEY = "requestId";
    public static final String HEADER = "X-OpenStack-Request-ID";

    private static final Pattern SHAPE = Pattern.compile(
            "req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RequestId() {
    }

    public static String newId() {
        return "req-" + UUID.randomUUID();
    }

    /** Whether a caller-supplied id has the OpenStack shape and may be carried on. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    /** The request id of the work at hand, or null outside any request or message. */
    public static String current() {
        Object value = MDC.get(MDC_KEY);
        return value == null ? null : value.toString();
    }

    public static void set(String requestId) {
        if (requestId == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, requestId);
        }
    }

    public static void clear() {
        MDC.remove(MDC_KEY);
    }
}
