package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.AbortBuild;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.ResizeConfirmed;
import dev.kumo.contracts.instance.ResizeRequested;
import dev.kumo.contracts.instance.ResizeReverted;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.hosts.Host;
import dev.kumo.scheduler.hosts.HostLiveness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Places new instances, resizes them ({@link Resizes}) and takes apart deleted or abandoned ones. Requests for
 * one instance share a key,
 * so a delete is always seen after the build it undoes.
 */
@ApplicationScoped
public class InstanceRequests implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(InstanceRequests.class);

    private final Claims claims;
    private final Resizes resizes;
    private final HostLiveness liveness;
    private final Outbox outbox;
    private final int candidates;
    private final int deciders;
    private final Counter placed;
    private final Counter noValidHost;
    private final Timer decision;

    public InstanceRequests(Claims claims, Resizes resizes, HostLiveness liveness, Outbox outbox,
            MeterRegistry metrics, @ConfigProperty(name = "kumo.scheduler.candidates") int candidates,
            @ConfigProperty(name = "kumo.scheduler.deciders") int deciders) {
        this.claims = claims;
        this.resizes = resizes;
        this.liveness = liveness;
        this.outbox = outbox;
        this.candidates = candidates;
        this.deciders = deciders;
        this.placed = metrics.counter("kumo.scheduler.placed");
        this.noValidHost = metrics.counter("kumo.scheduler.no_valid_host");
        this.decision = decisionTimer(metrics);
    }

    /**
     * How long one placement decision takes (candidates, claims, and the explanation when nothing fits; not the
     * commit). Fixed buckets let a benchmark take p50/p99 of just its own decisions from two scrapes.
     */
    private static Timer decisionTimer(MeterRegistry metrics) {
        return Timer.builder("kumo.scheduler.placement.decision")
                .description("Time to decide where a build goes, or that nothing fits")
                .publishPercentiles(0.5, 0.99)
                .serviceLevelObjectives(DoubleStream.of(0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50,
                        75, 100, 150, 200, 300, 500, 1000, 2000).mapToObj(ms -> Duration.ofNanos((long) (ms * 1e6)))
                        .toArray(Duration[]::new))
                .register(metrics);
    }

    @Override
    public String consumerGroup() {
        return "scheduler";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.INSTANCE_REQUESTS);
    }

    /** Placements run side by side, one per share of the partitions; an instance's requests stay in order. */
    @Override
    public int consumers() {
        return deciders;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof BuildInstance build) {
            decision.record(() -> place(build));
        } else if (message.payload() instanceof DeleteInstance delete) {
            takeApart(delete.instanceId(), true);
        } else if (message.payload() instanceof AbortBuild abort) {
            takeApart(abort.instanceId(), false);
        } else if (message.payload() instanceof ResizeRequested resize) {
            resizes.resize(resize);
        } else if (message.payload() instanceof ResizeConfirmed confirmed) {
            resizes.confirm(confirmed);
        } else if (message.payload() instanceof ResizeReverted reverted) {
            resizes.revert(reverted);
        }
    }

    private void place(BuildInstance build) {
        if (Allocation.forInstance(build.instanceId()).isPresent()) {
            return;
        }
        if (build.deadline() != null && Instant.now().isAfter(build.deadline())) {
            outbox.publish(new InstanceBuildFailed(build.instanceId(), null, 500,
                    "The build request expired before it could be scheduled."));
            return;
        }
        Instant aliveSince = liveness.aliveSince();
        PlacementHints hints = build.placementHints();
        if (hints.hasGroup()) {
            claims.lockGroup(hints.groupId());
        }
        Optional<String> host = claimSomewhere(build, hints, aliveSince);
        if (host.isPresent()) {
            LOG.infof("instance %s placed on %s", build.instanceId(), host.get());
            outbox.publish(new InstanceScheduled(build.instanceId(), host.get()));
            outbox.publish(new SpawnInstance(host.get(), build.instanceId(), build.name(), build.resources(),
                    build.imageRef(), build.guest()));
            placed.increment();
            return;
        }
        String reason = claims.explainNoValidHost(build.resources(), hints, aliveSince);
        LOG.warnf("instance %s: %s", build.instanceId(), reason);
        noValidHost.increment();
        outbox.publish(new InstanceBuildFailed(build.instanceId(), null, 500, reason));
    }

    /**
     * The best host no concurrent placement holds, in one statement; failing that (concurrent claims or a
     * heartbeat batch hold all of them at this moment), the best candidates in turn, each waiting for whoever holds it.
     */
    private Optional<String> claimSomewhere(BuildInstance build, PlacementHints hints, Instant aliveSince) {
        Optional<String> best = claims.claimBest(build.instanceId(), build.projectId(), build.resources(), hints,
                aliveSince);
        if (best.isPresent()) {
            return best;
        }
        for (String host : claims.candidates(build.resources(), hints, aliveSince, candidates)) {
            if (claims.claim(host, build.instanceId(), build.projectId(), build.resources(), hints.groupId(),
                    aliveSince)) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells the host to destroy the instance and keeps the claim until it confirms. A host that is down
     * cannot confirm: its claim is released at once (the agent still gets the command when it returns).
     */
    private void takeApart(java.util.UUID instanceId, boolean confirmDeletion) {
        Optional<Allocation> found = Allocation.forInstance(instanceId);
        if (found.isEmpty()) {
            if (confirmDeletion) {
                outbox.publish(new InstanceDestroyed(instanceId, null));
            }
            return;
        }
        Allocation allocation = found.get();
        outbox.publish(new DestroyInstance(allocation.host, instanceId));
        Host host = Host.findById(allocation.host);
        if (host == null || !liveness.isUp(host)) {
            LOG.infof("host %s is down: releasing instance %s without it", allocation.host, instanceId);
            claims.release(allocation);
            Allocation.migrationsOf(instanceId).forEach(claims::release);
            outbox.publish(new InstanceDestroyed(instanceId, allocation.host));
            return;
        }
        if (allocation.state != Allocation.State.RELEASING) {
            allocation.state = Allocation.State.RELEASING;
            allocation.releasingSince = Instant.now();
        }
    }
}
