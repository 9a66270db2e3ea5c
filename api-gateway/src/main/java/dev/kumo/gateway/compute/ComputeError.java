package dev.kumo.gateway.compute;

/**
 * An error the compute API answers with, rendered in Nova's shape: {@code {"itemNotFound": {"code": 404,
 * "message": "..."}}}. The message is for the user and names what was wrong.
 */
public class ComputeError extends RuntimeException {

    private final int status;

    public ComputeError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Nova's name for the error, the key of the JSON body. */
    public String kind() {
        return kindOf(status);
    }

    public static String kindOf(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 406 -> "notAcceptable";
            case 409 -> "conflictingRequest";
            case 413 -> "overLimit";
            case 415 -> "unsupportedMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> status >= 500 ? "computeFault" : "badRequest";
        };
    }

    public static ComputeError badRequest(String message) {
        return new ComputeError(400, message);
    }

    public static ComputeError forbidden(String message) {
        return new ComputeError(403, message);
    }

    public static ComputeError notFound(String message) {
        return new ComputeError(404, message);
    }

    public static ComputeError conflict(String message) {
        return new ComputeError(409, message);
    }
}
