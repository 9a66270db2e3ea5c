package dev.kumo.scheduler.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * An error of the scheduler's HTTP API in OpenStack Placement's shape, {@code {"errors": [{"status", "title",
 * "detail"}]}}: the gateway passes the status and detail on to the user in its own API's shape.
 */
public final class ApiError {

    private ApiError() {
    }

    public static WebApplicationException of(Response.Status status, String detail) {
        return new WebApplicationException(detail, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("errors", List.of(Map.of("status", status.getStatusCode(),
                        "title", status.getReasonPhrase(), "detail", detail))))
                .build());
    }

    /** An error with Placement's machine-readable {@code code}, e.g. {@code placement.concurrent_update}. */
    public static WebApplicationException of(Response.Status status, String detail, String code) {
        return new WebApplicationException(detail, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("errors", List.of(Map.of("status", status.getStatusCode(),
                        "title", status.getReasonPhrase(), "detail", detail, "code", code))))
                .build());
    }

    public static WebApplicationException badRequest(String detail) {
        return of(Response.Status.BAD_REQUEST, detail);
    }

    public static WebApplicationException notFound(String detail) {
        return of(Response.Status.NOT_FOUND, detail);
    }

    public static WebApplicationException conflict(String detail) {
        return of(Response.Status.CONFLICT, detail);
    }
}
