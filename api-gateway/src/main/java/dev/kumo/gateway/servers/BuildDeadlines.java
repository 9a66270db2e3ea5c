package dev.kumo.gateway.servers;

import dev.kumo.gateway.actions.InstanceAction;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.contracts.instance.AbortBuild;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.platform.messaging.Outbox;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure no request hangs: a build past its deadline ends in ERROR with a fault that says which step
 * stalled (and whatever it claimed is released); a delete nobody confirmed is asked for again, which
 * lets the scheduler finish it without a host that went down.
 */
@ApplicationScoped
public class BuildDeadlines {

    private static final Logger LOG = Logger.getLogger(BuildDeadlines.class);
    private static final int BATCH = 200;

    private final Outbox outbox;
    private final Duration buildTimeout;
    private final Duration deleteRetryAfter;
    private final Duration actionTimeout;
    private final InstanceActions actions;
    private final Resizes resizes;
    private final Migrations migrations;

    public BuildDeadlines(Outbox outbox, InstanceActions actions, Resizes resizes, Migrations migrations,
            @ConfigProperty(name = "kumo.build.timeout") Duration buildTimeout,
            @ConfigProperty(name = "kumo.delete.retry-after") Duration deleteRetryAfter,
            @ConfigProperty(name = "kumo.action.timeout") Duration actionTimeout) {
        this.outbox = outbox;
        this.actions = actions;
        this.resizes = resizes;
        this.migrations = migrations;
        this.actionTimeout = actionTimeout;
        this.buildTimeout = buildTimeout;
        this.deleteRetryAfter = deleteRetryAfter;
    }

    @Scheduled(every = "${kumo.deadlines.check-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void enforce() {
        Instant now = Instant.now();
        for (Instance instance : Instance.overdueBuilds(now, BATCH)) {
            String reason = "Build of instance " + instance.id + " timed out after " + seconds(buildTimeout) + ": "
                    + stalledStep(instance) + ".";
            LOG.warn(reason);
            boolean deleting = instance.isDeleting();
            instance.fail(500, reason, now);
            if (deleting) {
                instance.taskState = TaskState.DELETING;
            }
            outbox.publish(new AbortBuild(instance.id, reason));
        }
        for (Instance instance : Instance.overdueTasks(now, BATCH)) {
            String reason = "Host " + instance.host + " did not finish " + instance.taskState + " within "
                    + seconds(actionTimeout) + " (is its compute agent up?)";
            LOG.warnf("instance %s: %s", instance.id, reason);
            java.util.Optional<dev.kumo.gateway.migrations.Migration> move = Migrations.awaitedBy(instance);
            if (move.isPresent()) {
                migrations.timedOut(instance, move.get(), reason, now);
            } else if (Resizes.isResizeTask(instance.taskState)) {
                resizes.timedOut(instance, reason, now);
            } else {
                if (Evacuations.isEvacuating(instance)) {
                    Evacuations.timedOut(instance, now);
                }
                instance.taskState = null;
                instance.taskDeadline = null;
                instance.updatedAt = now;
            }
            InstanceAction.of(instance.id).stream().filter(action -> action.finishTime == null)
                    .filter(action -> !"delete".equals(action.action))
                    .forEach(action -> actions.finish(instance.id, action.requestId, instance.host, reason, now));
        }
        for (Instance instance : Instance.stalledDeletes(now.minus(deleteRetryAfter), BATCH)) {
            LOG.infof("delete of instance %s not confirmed yet: asking again", instance.id);
            instance.updatedAt = now;
            outbox.publish(new DeleteInstance(instance.id, instance.projectId));
        }
    }

    private static String stalledStep(Instance instance) {
        if (instance.host == null) {
            return "no host was chosen for it (is the scheduler running?)";
        }
        return "host " + instance.host + " did not report it running (is its compute agent up?)";
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
