package dev.kumo.network.quotas;

import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code /v2.0/quotas}: a project reads its own limits; an admin reads and sets any project's. */
@Path("/v2.0/quotas")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private final Quotas quotas;
    private final Caller caller;

    public QuotaResource(Quotas quotas, Caller caller) {
        this.quotas = quotas;
        this.caller = caller;
    }

    /** The projects that have limits other than the defaults. */
    @GET
    public Map<String, Object> list() {
        caller.requireAdmin("get_quota");
        List<Map<String, Object>> all = new ArrayList<>();
        for (String projectId : new TreeSet<>(Quota.<Quota>listAll().stream().map(quota -> quota.projectId).toList())) {
            Map<String, Object> quota = new LinkedHashMap<>(quotas.limits(projectId));
            quota.put("project_id", projectId);
            quota.put("tenant_id", projectId);
            all.add(quota);
        }
        return Map.of("quotas", all);
    }

    @GET
    @Path("{projectId}")
    public Map<String, Object> show(@PathParam("projectId") String projectId) {
        readable(projectId);
        return Map.of("quota", quotas.limits(projectId));
    }

    @GET
    @Path("{projectId}/default")
    public Map<String, Object> defaults(@PathParam("projectId") String projectId) {
        readable(projectId);
        return Map.of("quota", quotas.defaults());
    }

    /** Tempest's client asks for {@code details.json}: Neutron still takes the old format suffix there. */
    @GET
    @Path("{projectId}/{details: details|details\\.json}")
    @Transactional
    public Map<String, Object> details(@PathParam("projectId") String projectId) {
        readable(projectId);
        return Map.of("quota", quotas.details(projectId));
    }

    @PUT
    @Path("{projectId}")
    @Transactional
    public Map<String, Object> update(@PathParam("projectId") String projectId, Map<String, Object> body) {
        caller.requireAdmin("update_quota");
        if (body == null || !(body.get("quota") instanceof Map<?, ?> changes)) {
            throw NeutronError.badRequest("Resource body required: {\"quota\": {...}}.");
        }
        changes.forEach((resource, value) -> set(projectId, String.valueOf(resource), value));
        return Map.of("quota", quotas.limits(projectId));
    }

    @DELETE
    @Path("{projectId}")
    @Transactional
    public Response reset(@PathParam("projectId") String projectId) {
        caller.requireAdmin("delete_quota");
        Quota.delete("projectId", projectId);
        return Response.noContent().build();
    }

    private void set(String projectId, String resource, Object value) {
        if (!Quotas.isResource(resource)) {
            throw NeutronError.badRequest("Unrecognized attribute(s) '" + resource + "'");
        }
        int limit;
        if (value instanceof Integer number) {
            limit = number;
        } else if (value instanceof String text && text.matches("-?\\d{1,9}")) {
            limit = Integer.parseInt(text);
        } else {
            throw NeutronError.invalidInput(resource, "'" + value + "' is not an integer");
        }
        if (limit < -1) {
            throw NeutronError.invalidInput(resource, "'" + limit + "' is too small - must be at least '-1'");
        }
        Quota quota = Quota.findById(new Quota.Key(projectId, resource));
        if (quota == null) {
            quota = new Quota();
            quota.projectId = projectId;
            quota.resource = resource;
            quota.hardLimit = limit;
            quota.persist();
        } else {
            quota.hardLimit = limit;
        }
    }

    private void readable(String projectId) {
        if (!caller.isAdmin() && !caller.projectId().equals(projectId)) {
            throw new NeutronError(403, "HTTPForbidden", "Non-admin is not authorized to access quotas for another project");
        }
    }
}
