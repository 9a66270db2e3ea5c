package dev.kumo.network.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure of the networking API in Neutron's shape,
 * {@code {"NeutronError": {"type": ..., "message": ..., "detail": ""}}}, with the status Neutron uses. Never a stack trace.
 */
public class NeutronErrorMapper {

    private static final Logger LOG = Logger.getLogger(NeutronErrorMapper.class);

    @ServerExceptionMapper
    public Response neutronError(NeutronError error) {
        return render(error.status(), error.type(), error.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException error) {
        return render(400, "HTTPBadRequest", "Malformed request body: " + error.getOriginalMessage());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException error) {
        NeutronError unauthorized = NeutronError.unauthorized();
        return render(401, unauthorized.type(), unauthorized.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException error) {
        return render(403, "PolicyNotAuthorized", "The request is disallowed by policy.");
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
        return switch (status) {
            case 400 -> render(400, "HTTPBadRequest", "Malformed request body.");
            case 404 -> render(404, "HTTPNotFound", "The resource could not be found.");
            case 405 -> render(405, "HTTPMethodNotAllowed", "The method is not allowed for this resource.");
            case 406 -> render(406, "HTTPNotAcceptable", "The requested media type is not supported.");
            case 415 -> render(415, "HTTPUnsupportedMediaType", "The request media type is not supported.");
            default -> render(status, "HTTPError", error.getMessage());
        };
    }

    /**
     * A database constraint caught what the checks before it could not (two requests racing for the same
     * address, MAC or default group): a conflict, not a server error.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 500)
    public Response constraint(jakarta.persistence.PersistenceException error) {
        ConstraintViolationException violation = find(error, ConstraintViolationException.class);
        if (violation == null) {
            return unexpected(error);
        }
        String constraint = String.valueOf(violation.getConstraintName());
        LOG.infof("constraint %s refused a write: %s", constraint, violation.getMessage());
        return render(409, "Conflict", "The request conflicts with the current state of the resource (" + constraint + ").");
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException error) {
        NeutronError wrapped = find(error, NeutronError.class);
        if (wrapped != null) {
            return neutronError(wrapped);
        }
        ConstraintViolationException violation = find(error, ConstraintViolationException.class);
        if (violation != null) {
            return render(409, "Conflict", "The request conflicts with the current state of the resource ("
                    + violation.getConstraintName() + ").");
        }
        LOG.error("unexpected networking API error", error);
        return render(500, "HTTPInternalServerError",
                "Request failed: internal server error while processing your request.");
    }

    public static Response render(int status, String type, String message) {
        Response.ResponseBuilder response = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("NeutronError", Map.of("type", type, "message", message, "detail", "")));
        if (status == 401) {
            response.header("WWW-Authenticate", "Keystone uri=\"/identity\"");
        }
        return response.build();
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
