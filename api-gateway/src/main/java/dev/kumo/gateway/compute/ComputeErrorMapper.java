package dev.kumo.gateway.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders every failure of the API in Nova's JSON error shape; never a stack trace. */
public class ComputeErrorMapper {

    private static final Logger LOG = Logger.getLogger(ComputeErrorMapper.class);

    @ServerExceptionMapper
    public Response computeError(ComputeError error) {
        return render(error.status(), error.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException error) {
        return render(400, "Malformed request body: " + error.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException error) {
        int status = error.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", error);
        }
        String message = switch (status) {
            case 404 -> "The resource could not be found.";
            case 405 -> "The method is not allowed for this resource.";
            case 406 -> "The requested media type is not supported.";
            case 415 -> "The request media type is not supported: send application/json.";
            default -> error.getMessage();
        };
        return render(status, message);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException error) {
        LOG.error("unexpected API error", error);
        return render(500, "Unexpected API Error. Please report this at the Kumo issue tracker with the request id.");
    }

    public static Response render(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of(ComputeError.kindOf(status), Map.of("code", status, "message", message)))
                .build();
    }
}
