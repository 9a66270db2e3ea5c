package dev.kumo.gateway.portal;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The portal's front door: operators start at the dashboard, tenants at their instances. */
@Path("/portal")
@Authenticated
public class PortalResource {

    private final Portal portal;

    public PortalResource(Portal portal) {
        this.portal = portal;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create(portal.viewer().admin() ? "/portal/dashboard" : "/portal/instances"))
                .build();
    }
}
