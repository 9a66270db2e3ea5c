package dev.kumo.gateway.compute;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import dev.kumo.platform.requestid.RequestId;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Negotiates the compute microversion from {@code OpenStack-API-Version: compute 2.N} (preferred) or the older
 * {@code X-OpenStack-Nova-API-Version: 2.N}, and answers with the version used, as Nova does.
 */
public class MicroversionNegotiation {

    static final String API_VERSION = "OpenStack-API-Version";
    static final String NOVA_API_VERSION = "X-OpenStack-Nova-API-Version";
    private static final String VERSIONED_ROOT = "/compute/v2.1";
    private static final String CHOSEN = "kumo.microversion";

    private final RequestedMicroversion requested;

    public MicroversionNegotiation(RequestedMicroversion requested) {
        this.requested = requested;
    }

    @ServerRequestFilter(preMatching = true)
    public void negotiate(ContainerRequestContext request) {
        if (!isVersioned(request.getUriInfo().getPath())) {
            return;
        }
        Microversion version = requestedVersion(request);
        requested.set(version);
        request.setProperty(CHOSEN, version);
    }

    @ServerResponseFilter
    public void announce(ContainerRequestContext request, ContainerResponseContext response) {
        Object version = request.getProperty(CHOSEN);
        if (version == null) {
            return;
        }
        response.getHeaders().putSingle(API_VERSION, "compute " + version);
        response.getHeaders().putSingle(NOVA_API_VERSION, version.toString());
        response.getHeaders().putSingle("Vary", API_VERSION + ", " + NOVA_API_VERSION);
        String requestId = RequestId.current();
        if (requestId != null) {
            response.getHeaders().putSingle("x-compute-request-id", requestId);
        }
    }

    private static Microversion requestedVersion(ContainerRequestContext request) {
        String generic = computeEntry(request.getHeaderString(API_VERSION));
        if (generic != null) {
            return Microversion.parse(generic);
        }
        String legacy = request.getHeaderString(NOVA_API_VERSION);
        if (legacy != null && !legacy.isBlank()) {
            return Microversion.parse(legacy);
        }
        return Microversion.MIN;
    }

    /** The compute part of {@code OpenStack-API-Version}, which may name several services: "compute 2.3, image 2.5". */
    static String computeEntry(String header) {
        if (header == null) {
            return null;
        }
        for (String entry : header.split(",")) {
            String[] parts = entry.strip().split("\\s+", 2);
            if (parts.length == 2 && "compute".equals(parts[0].toLowerCase(Locale.ROOT))) {
                return parts[1];
            }
        }
        return null;
    }

    private static boolean isVersioned(String path) {
        return path.equals(VERSIONED_ROOT) || path.startsWith(VERSIONED_ROOT + "/");
    }
}
