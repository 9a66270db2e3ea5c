package dev.kumo.gateway.portal;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What every portal page shares: who is looking, the page frame's data (title, the navigation entry, a notice
 * from the last action), answering a form with a redirect back, and showing a refusal with the API's message.
 */
@RequestScoped
public class Portal {

    private final Caller caller;
    private final JsonWebToken token;
    private final PortalErrors errors;
    private final HttpServerRequest request;
    private Viewer viewer;

    public Portal(Caller caller, JsonWebToken token, PortalErrors errors, HttpServerRequest request) {
        this.caller = caller;
        this.token = token;
        this.errors = errors;
        this.request = request;
    }

    public Caller caller() {
        return caller;
    }

    public Viewer viewer() {
        if (viewer == null) {
            viewer = Viewer.of(caller, token);
        }
        return viewer;
    }

    /** A page in the portal's frame; {@code nav} names the navigation entry it belongs to. */
    public TemplateInstance page(Template template, String title, String nav) {
        return template.data("viewer", viewer()).data("title", title).data("nav", nav)
                .data("notice", request.getParam("notice"));
    }

    /** After a form: back to where it was sent from (a portal page only), saying what was done. */
    public Response done(String back, String notice) {
        String target = safe(back);
        String separator = target.contains("?") ? "&" : "?";
        return Response.seeOther(URI.create(target + separator + "notice="
                + URLEncoder.encode(notice, StandardCharsets.UTF_8))).build();
    }

    public Response refused(ComputeError failure, String back) {
        return errors.render(failure, viewerOrAnonymous(), safe(back));
    }

    private Viewer viewerOrAnonymous() {
        try {
            return viewer();
        } catch (ComputeError noProject) {
            return new Viewer(caller.userName(), null, null, false, false);
        }
    }

    /** Only paths inside the portal: a form cannot be made to send its user elsewhere. */
    static String safe(String back) {
        if (back == null || !back.startsWith("/portal") || back.startsWith("//")) {
            return "/portal";
        }
        return back.replaceAll("([?&])notice=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }
}
