package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Nova's {@code os-server-external-events}: how a networking service tells compute that an instance's port changed.
 * Each event is checked against its instance (404 when there is none, 422 when it has no host yet) and answered
 * per event. Kumo's own network service talks to the hosts over Kafka, so an accepted event has nothing further to
 * wake; it is logged.
 */
@Path("/compute/v2.1/os-server-external-events")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerExternalEventResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(
            ServerExternalEventResource.class);
    private static final Set<String> NAMES = Set.of("network-changed", "network-vif-plugged",
            "network-vif-unplugged", "network-vif-deleted");
    private static final Set<String> STATUSES = Set.of("failed", "completed", "in-progress");

    private final Caller caller;

    public ServerExternalEventResource(Caller caller) {
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(JsonNode body) {
        caller.requireAdmin("os_compute_api:os-server-external-events:create");
        JsonNode events = body == null ? null : body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw Fields.invalid("events", events, "It must be a non-empty list of events.");
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        for (JsonNode event : events) {
            answers.add(answer(event));
        }
        long accepted = answers.stream().filter(answer -> Integer.valueOf(200).equals(answer.get("code"))).count();
        int status = accepted == answers.size() ? 200 : accepted == 0 ? 404 : 207;
        return Response.status(status).entity(Map.of("events", answers)).build();
    }

    private Map<String, Object> answer(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw Fields.invalid("events", event, "Each event must be an object.");
        }
        Fields.onlyKnown(event, Set.of("name", "server_uuid", "status", "tag"));
        String name = Fields.requiredString(event, "name", 1, 255);
        if (!NAMES.contains(name)) {
            throw Fields.invalid("name", name, "It must be one of " + NAMES + ".");
        }
        String serverId = Fields.requiredString(event, "server_uuid", 1, 36);
        String status = Optional.ofNullable(Fields.optionalString(event, "status", 1, 20)).orElse("completed");
        if (!STATUSES.contains(status)) {
            throw Fields.invalid("status", status, "It must be one of " + STATUSES + ".");
        }
        String tag = Fields.optionalString(event, "tag", 0, 255);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("server_uuid", serverId);
        if (tag != null) {
            answer.put("tag", tag);
        }
        Optional<Instance> instance = Fields.isUuid(serverId)
                ? Instance.visible(UUID.fromString(serverId), null) : Optional.empty();
        if (instance.isEmpty()) {
            answer.put("code", 404);
            answer.put("status", "failed");
        } else if (instance.get().host == null) {
            answer.put("code", 422);
            answer.put("status", "failed");
        } else {
            LOG.infof("external event %s (%s) for instance %s on %s", name, status, serverId, instance.get().host);
            answer.put("code", 200);
            answer.put("status", status);
        }
        return answer;
    }
}
