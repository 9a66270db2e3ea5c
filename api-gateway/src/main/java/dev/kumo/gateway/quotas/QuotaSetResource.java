package dev.kumo.gateway.quotas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nova's {@code os-quota-sets}: each project's limits, its usage, and the defaults. */
@Path("/compute/v2.1/os-quota-sets")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class QuotaSetResource {

    private final Quotas quotas;
    private final Caller caller;
    private final RequestedMicroversion version;

    public QuotaSetResource(Quotas quotas, Caller caller, RequestedMicroversion version) {
        this.quotas = quotas;
        this.caller = caller;
        this.version = version;
    }

    @GET
    @Path("/{project}")
    public Map<String, Object> show(@PathParam("project") String project) {
        requireOwnOrAdmin(project);
        return Map.of("quota_set", QuotaView.withId(project, QuotaView.shown(hideNetwork(), quotas.limits(project))));
    }

    @GET
    @Path("/{project}/detail")
    public Map<String, Object> detail(@PathParam("project") String project) {
        requireOwnOrAdmin(project);
        Map<QuotaResource, Long> usage = quotas.usage(project);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("id", project);
        quotas.limits(project).forEach((resource, limit) -> {
            if (visible(resource)) {
                detail.put(resource.key(), Map.of("limit", limit, "in_use", usage.getOrDefault(resource, 0L),
                        "reserved", 0));
            }
        });
        return Map.of("quota_set", detail);
    }

    @GET
    @Path("/{project}/defaults")
    public Map<String, Object> defaults(@PathParam("project") String project) {
        return Map.of("quota_set", QuotaView.withId(project, QuotaView.shown(hideNetwork(), quotas.defaults())));
    }

    @PUT
    @Path("/{project}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("project") String project, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-quota-sets:update");
        quotas.update(project, QuotaView.limitsFrom(Fields.object(body, "quota_set"), true, hideNetwork()));
        return Map.of("quota_set", QuotaView.shown(hideNetwork(), quotas.limits(project)));
    }

    @DELETE
    @Path("/{project}")
    public Response reset(@PathParam("project") String project) {
        caller.requireAdmin("os_compute_api:os-quota-sets:delete");
        quotas.reset(project);
        return Response.accepted().build();
    }

    private void requireOwnOrAdmin(String project) {
        if (!caller.isAdmin() && !project.equals(caller.projectId())) {
            throw ComputeError.forbidden("Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.");
        }
    }

    private boolean visible(QuotaResource resource) {
        return !(resource.network() && hideNetwork());
    }

    /** Nova dropped the network quotas from its API at 2.36. */
    private boolean hideNetwork() {
        return version.atLeast(36);
    }
}
