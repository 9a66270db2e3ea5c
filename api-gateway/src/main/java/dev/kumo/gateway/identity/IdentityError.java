package dev.kumo.gateway.identity;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An error of the Keystone facade, rendered as Keystone does: {@code {"error": {"code", "title", "message"}}}. */
public class IdentityError extends RuntimeException {

    private final int status;

    public IdentityError(int status, String message) {
        super(message);
        this.status = status;
    }

    public static IdentityError unauthorized() {
        return new IdentityError(401, "The request you have made requires authentication.");
    }

    public static IdentityError badRequest(String message) {
        return new IdentityError(400, message);
    }

    /** A 403 naming the Keystone policy that refused, as Keystone does. */
    public static IdentityError forbidden(String policy) {
        return new IdentityError(403, "You are not authorized to perform the requested action: " + policy + ".");
    }

    public static IdentityError notFound(String message) {
        return new IdentityError(404, message);
    }

    public int status() {
        return status;
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    /** Renders identity errors. */
    public static class Mapper {

        @ServerExceptionMapper
        public Response render(IdentityError error) {
            Response.ResponseBuilder response = Response.status(error.status())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", Map.of("code", error.status(), "title", title(error.status()),
                            "message", error.getMessage())));
            if (error.status() == 401) {
                response.header("WWW-Authenticate", "Keystone uri=\"/identity\"");
            }
            return response.build();
        }
    }
}
