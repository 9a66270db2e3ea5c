package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * For Kumo's own services only (realm role {@code service}; the scheduler's orphan audit): which of a batch of
 * instance ids are live, on which host, and whether a task is under way. Ids that are deleted or unknown are left out
 * of the answer. Not an OpenStack API.
 */
@Path("/internal/instances/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class InstanceHostResource {

    static final int MAX_BATCH = 1000;

    private final Caller caller;

    public InstanceHostResource(Caller caller) {
        this.caller = caller;
    }

    @POST
    public Map<String, Object> live(JsonNode body) {
        if (!caller.isService()) {
            throw ComputeError.forbidden("Only Kumo's own services may ask where instances live.");
        }
        List<UUID> ids = ids(body);
        List<Map<String, Object>> live = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Instance instance : Instance.<Instance>list("id in ?1 and deletedAt is null", ids)) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("id", instance.id.toString());
                view.put("host", instance.host);
                view.put("task_state", instance.taskState);
                live.add(view);
            }
        }
        return Map.of("instances", live);
    }

    private static List<UUID> ids(JsonNode body) {
        JsonNode instances = body == null ? null : body.get("instances");
        if (instances == null || !instances.isArray() || instances.size() > MAX_BATCH) {
            throw ComputeError.badRequest("The body is {\"instances\": [instance ids]}, at most " + MAX_BATCH
                    + " of them.");
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonNode id : instances) {
            try {
                ids.add(UUID.fromString(id.asText()));
            } catch (IllegalArgumentException e) {
                throw ComputeError.badRequest("Invalid input for field/attribute instances: '" + id.asText()
                        + "' is not a 'uuid'.");
            }
        }
        return ids;
    }
}
