package dev.kumo.platform.requestid;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every HTTP request a request id (the caller's, when it sent a well-formed one), puts it in the
 * logging context and returns it in the {@code X-OpenStack-Request-ID} response header.
 */
public class RequestIdFilter {

    static final String PROPERTY = "kumo.requestId";

    @ServerRequestFilter(preMatching = true)
    public void assignRequestId(ContainerRequestContext request) {
        String offered = request.getHeaderString(RequestId.HEADER);
        String requestId = RequestId.isWellFormed(offered) ? offered : RequestId.newId();
        request.setProperty(PROPERTY, requestId);
        RequestId.set(requestId);
    }

    @ServerResponseFilter
    public void returnRequestId(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(PROPERTY);
        if (requestId != null) {
            response.getHeaders().putSingle(RequestId.HEADER, requestId);
        }
    }

    /** The id assigned to this request, for resources that echo it (e.g. in instance actions). */
    public static String of(ContainerRequestContext request) {
        Object requestId = request.getProperty(PROPERTY);
        return requestId == null ? RequestId.current() : requestId.toString();
    }
}
