package dev.kumo.gateway.servergroups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.quotas.QuotaResource;
import dev.kumo.gateway.quotas.Quotas;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Nova's {@code os-server-groups}. */
@Path("/compute/v2.1/os-server-groups")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerGroupResource {

    private final Caller caller;
    private final RequestedMicroversion version;
    private final Quotas quotas;

    public ServerGroupResource(Caller caller, RequestedMicroversion version, Quotas quotas) {
        this.caller = caller;
        this.version = version;
        this.quotas = quotas;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> create(JsonNode body) {
        caller.requireChange("os_compute_api:os-server-groups:create");
        JsonNode request = Fields.object(body, "server_group");
        Fields.onlyKnown(request, Set.of("name", "policies"));
        String name = Fields.name(request, "name", 255);
        String policy = policy(request.get("policies"));
        quotas.lockProject(caller.projectId());
        quotas.checkCount(caller.projectId(), QuotaResource.SERVER_GROUPS,
                ServerGroup.countOfProject(caller.projectId()) + 1);
        ServerGroup group = new ServerGroup();
        group.id = UUID.randomUUID();
        group.name = name;
        group.projectId = caller.projectId();
        group.userId = caller.userId();
        group.policy = policy;
        group.createdAt = Instant.now();
        group.persist();
        return Map.of("server_group", view(group));
    }

    @GET
    public Map<String, Object> list(@QueryParam("all_projects") String allProjects) {
        boolean every = caller.isAdmin() && allProjects != null && !"0".equals(allProjects)
                && !"false".equalsIgnoreCase(allProjects);
        return Map.of("server_groups", ServerGroup.ofProject(every ? null : caller.projectId()).stream()
                .map(this::view).toList());
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("server_group", view(found(id)));
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        caller.requireChange("os_compute_api:os-server-groups:delete");
        found(id).delete();
        return Response.noContent().build();
    }

    private ServerGroup found(String id) {
        return (Fields.isUuid(id) ? ServerGroup.visible(Fields.uuid("id", id), caller.isAdmin() ? null
                : caller.projectId()) : java.util.Optional.<ServerGroup>empty())
                .orElseThrow(() -> ComputeError.notFound("Server group " + id + " could not be found."));
    }

    private String policy(JsonNode policies) {
        if (policies == null || !policies.isArray() || policies.size() != 1 || !policies.get(0).isTextual()) {
            throw Fields.invalid("policies", policies, "It must be a list of exactly one policy.");
        }
        String policy = policies.get(0).textValue();
        Set<String> allowed = new HashSet<>(ServerGroup.POLICIES);
        if (version.atLeast(15)) {
            allowed.addAll(ServerGroup.SOFT_POLICIES);
        }
        if (!allowed.contains(policy)) {
            throw Fields.invalid("policies", policy, "'" + policy + "' is not one of " + allowed + ".");
        }
        return policy;
    }

    private Map<String, Object> view(ServerGroup group) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id.toString());
        view.put("name", group.name);
        view.put("policies", List.of(group.policy));
        view.put("members", group.members.stream().map(UUID::toString).toList());
        view.put("metadata", Map.of());
        if (version.atLeast(13)) {
            view.put("project_id", group.projectId);
            view.put("user_id", group.userId);
        }
        return view;
    }
}
