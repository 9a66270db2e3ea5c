package dev.kumo.gateway.portal;

import dev.kumo.gateway.compute.ComputeErrorMapper;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A portal session (the {@code portal} OIDC tenant's cookie) is no credential for the API: Quarkus OIDC would pick
 * the tenant from the cookie's name on any path, so a session cookie sent to {@code /compute} is refused here. The
 * API authenticates as before, with tokens in {@code X-Auth-Token}.
 */
@ApplicationScoped
public class PortalSessionsStayInPortal {

    static final String TENANT = "portal";

    private final SecurityIdentity identity;

    public PortalSessionsStayInPortal(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerRequestFilter
    public Response refuseOutsideThePortal(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/portal") || path.startsWith("/portal/") || identity.isAnonymous()) {
            return null;
        }
        if (TENANT.equals(identity.getAttribute("tenant-id"))) {
            return ComputeErrorMapper.render(401, "The request you have made requires authentication.");
        }
        return null;
    }
}
