package dev.kumo.gateway.actions;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Instance;
import dev.kumo.gateway.servers.ServerView;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Nova's {@code os-instance-actions}: an instance's audit trail, readable by its project (for deleted instances
 * too from microversion 2.21).
 */
@Path("/compute/v2.1/servers/{serverId}/os-instance-actions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class InstanceActionResource {

    private final Caller caller;
    private final RequestedMicroversion version;

    public InstanceActionResource(Caller caller, RequestedMicroversion version) {
        this.caller = caller;
        this.version = version;
    }

    @GET
    public Map<String, Object> list(@PathParam("serverId") String serverId) {
        UUID instanceId = visibleInstance(serverId);
        return Map.of("instanceActions", InstanceAction.of(instanceId).stream().map(this::summary).toList());
    }

    @GET
    @Path("/{requestId}")
    public Map<String, Object> show(@PathParam("serverId") String serverId, @PathParam("requestId") String requestId) {
        UUID instanceId = visibleInstance(serverId);
        InstanceAction action = InstanceAction.byRequest(instanceId, requestId)
                .orElseThrow(() -> ComputeError.notFound("Action " + requestId + " could not be found."));
        Map<String, Object> view = summary(action);
        view.put("events", action.events.stream().map(this::event).toList());
        return Map.of("instanceAction", view);
    }

    private UUID visibleInstance(String serverId) {
        if (!Fields.isUuid(serverId)) {
            throw ComputeError.notFound("Instance " + serverId + " could not be found.");
        }
        UUID id = Fields.uuid("server_id", serverId);
        Instance instance = Instance.<Instance>findByIdOptional(id)
                .filter(found -> caller.sees(found.projectId))
                .filter(found -> found.deletedAt == null || version.atLeast(21))
                .orElseThrow(() -> ComputeError.notFound("Instance " + serverId + " could not be found."));
        return instance.id;
    }

    private Map<String, Object> summary(InstanceAction action) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", action.action);
        view.put("instance_uuid", action.instanceId.toString());
        view.put("message", action.message);
        view.put("project_id", action.projectId);
        view.put("request_id", action.requestId);
        view.put("start_time", ServerView.usageTime(action.startTime));
        view.put("user_id", action.userId);
        return view;
    }

    private Map<String, Object> event(InstanceActionEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("event", event.event);
        view.put("start_time", ServerView.usageTime(event.startTime));
        view.put("finish_time", ServerView.usageTime(event.finishTime));
        view.put("result", event.result);
        if (caller.isAdmin()) {
            view.put("traceback", event.details);
        }
        return view;
    }
}
