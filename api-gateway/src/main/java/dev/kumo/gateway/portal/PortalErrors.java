package dev.kumo.gateway.portal;

import dev.kumo.gateway.compute.ComputeError;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A refused or failed request shown as a page: the API's status and its message (what the API would have
 * answered the same call with), and a way back. Never a stack trace.
 */
@ApplicationScoped
public class PortalErrors {

    private final Template error;

    public PortalErrors(@Location("portal/error.html") Template error) {
        this.error = error;
    }

    public Response render(ComputeError failure, Viewer viewer, String back) {
        return Response.status(failure.status()).type(MediaType.TEXT_HTML_TYPE).header("HX-Push-Url", "false")
                .entity(error.data("viewer", viewer).data("status", failure.status())
                        .data("message", failure.getMessage()).data("back", back == null ? "/portal" : back)
                        .data("title", "Error " + failure.status()).data("nav", "").data("notice", null))
                .build();
    }
}
