package dev.kumo.gateway.actions;

import dev.kumo.gateway.identity.Caller;
import dev.kumo.platform.requestid.RequestId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Records every state-changing request on an instance, with who made it and its request id, and the
 * steps the hosts report for it: the audit trail of {@code os-instance-actions}.
 */
@ApplicationScoped
public class InstanceActions {

    /** Records that the caller started an action and its first step (an event on the host). */
    @Transactional(Transactional.TxType.MANDATORY)
    public InstanceAction start(UUID instanceId, String action, String projectId, Caller caller, String event) {
        return start(instanceId, action, projectId, caller.userId(), currentRequestId(), event, Instant.now());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public InstanceAction start(UUID instanceId, String action, String projectId, String userId, String requestId,
            String event, Instant at) {
        InstanceAction record = new InstanceAction();
        record.instanceId = instanceId;
        record.action = action;
        record.requestId = requestId;
        record.projectId = projectId;
        record.userId = userId;
        record.startTime = at;
        if (event != null) {
            InstanceActionEvent step = new InstanceActionEvent();
            step.action = record;
            step.event = event;
            step.startTime = at;
            record.events.add(step);
        }
        record.persist();
        return record;
    }

    /** Ends the action's open steps with their result; a failure's message becomes the action's message. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void finish(UUID instanceId, String requestId, String host, String failure, Instant at) {
        if (requestId == null) {
            return;
        }
        InstanceAction.byRequest(instanceId, requestId).ifPresent(action -> {
            for (InstanceActionEvent step : action.events) {
                if (step.finishTime == null) {
                    step.finishTime = at;
                    step.host = host;
                    step.result = failure == null ? InstanceActionEvent.SUCCESS : InstanceActionEvent.ERROR;
                    step.details = failure;
                }
            }
            action.finishTime = at;
            if (failure != null) {
                action.message = failure;
            }
        });
    }

    /**
     * A host failed one attempt of the instance's build: the open step ends in error on that host, and a new step
     * starts for the next attempt (the scheduler retries elsewhere, or ends the action with the final fault).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void attemptFailed(UUID instanceId, String host, String reason, Instant at) {
        InstanceAction.of(instanceId).stream()
                .filter(action -> "create".equals(action.action) && action.finishTime == null)
                .findFirst()
                .ifPresent(action -> {
                    String event = null;
                    for (InstanceActionEvent step : action.events) {
                        if (step.finishTime == null) {
                            step.finishTime = at;
                            step.host = host;
                            step.result = InstanceActionEvent.ERROR;
                            step.details = reason;
                            event = step.event;
                        }
                    }
                    if (event != null) {
                        InstanceActionEvent next = new InstanceActionEvent();
                        next.action = action;
                        next.event = event;
                        next.startTime = at;
                        action.events.add(next);
                    }
                });
    }

    public static String currentRequestId() {
        String current = RequestId.current();
        return current == null ? RequestId.newId() : current;
    }
}
