package dev.kumo.image.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure of the image API the same way, nested so that both glanceclient and openstacksdk
 * find the message: {@code {"error": {"code": 409, "title": "Conflict", "message": "..."}}}. Never a stack trace.
 */
public class ImageErrorMapper {

    private static final Logger LOG = Logger.getLogger(ImageErrorMapper.class);

    @ServerExceptionMapper
    public Response imageError(ImageError error) {
        return render(error.status(), error.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException error) {
        return render(400, "Malformed JSON in request body: " + error.getOriginalMessage());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException error) {
        return render(401, "The request you have made requires authentication.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException error) {
        return render(403, "You are not authorized to complete this action.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException error) {
        int status = error.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", error);
        }
        if (status == 400 && error.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        String message = switch (status) {
            case 400 -> "Malformed JSON in request body.";
            case 404 -> "The resource could not be found.";
            case 405 -> "The method is not allowed for this resource.";
            case 406 -> "The requested media type is not supported.";
            case 415 -> "The request media type is not supported.";
            default -> error.getMessage();
        };
        return render(status, message);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException error) {
        LOG.error("unexpected image API error", error);
        return render(500, "Unexpected error in the image service. Please report it with the request id.");
    }

    public static Response render(int status, String message) {
        Response.ResponseBuilder response = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", Map.of("code", status, "title", title(status), "message", message)));
        if (status == 401) {
            response.header("WWW-Authenticate", "Keystone uri=\"/identity\"");
        }
        return response.build();
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Requested Range Not Satisfiable";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
