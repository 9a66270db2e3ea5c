package dev.kumo.scheduler.placement;

import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.FailedAttempt;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.platform.messaging.ApplyAlone;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.hosts.HostLiveness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Places builds: claims a host and sends it the spawn, or fails the build saying why nothing fits. A spawn a host
 * could not complete is tried again on another host, the hosts that failed left out, until
 * {@code kumo.scheduler.build-attempts} hosts have tried; the final fault names every attempt. A build forced onto a
 * host is not retried elsewhere, as in Nova.
 */
@ApplicationScoped
public class Builds {

    private static final Logger LOG = Logger.getLogger(Builds.class);
    /** The fault code Nova shows for an instance whose hosts failed to build it. */
    static final int HOST_FAILURE = 500;

    private final Claims claims;
    private final HostLiveness liveness;
    private final Outbox outbox;
    private final int candidates;
    private final int attempts;
    private final Counter placed;
    private final Counter noValidHost;
    private final Counter rescheduled;

    public Builds(Claims claims, HostLiveness liveness, Outbox outbox, MeterRegistry metrics,
            @ConfigProperty(name = "kumo.scheduler.candidates") int candidates,
            @ConfigProperty(name = "kumo.scheduler.build-attempts", defaultValue = "3") int attempts) {
        this.claims = claims;
        this.liveness = liveness;
        this.outbox = outbox;
        this.candidates = candidates;
        this.attempts = Math.max(1, attempts);
        this.placed = metrics.counter("kumo.scheduler.placed");
        this.noValidHost = metrics.counter("kumo.scheduler.no_valid_host");
        this.rescheduled = metrics.counter("kumo.scheduler.rescheduled");
    }

    /** The first attempt of a build (a redelivered build that already holds a claim changes nothing). */
    public void place(BuildInstance build) {
        place(build, false);
    }

    /**
     * As {@link #place(BuildInstance)}; {@code together} with other builds in one transaction, it takes only a host
     * no one holds and otherwise throws {@link ApplyAlone}, as the fallbacks (waiting for a held host, explaining
     * why nothing fits) belong to a transaction of its own.
     */
    public void place(BuildInstance build, boolean together) {
        if (build.deadline() != null && Instant.now().isAfter(build.deadline())) {
            if (Allocation.forInstance(build.instanceId()).isEmpty()) {
                outbox.publish(new InstanceBuildFailed(build.instanceId(), null, HOST_FAILURE,
                        "The build request expired before it could be scheduled."));
            }
            return;
        }
        if (together) {
            placeUnheld(build);
        } else if (Allocation.forInstance(build.instanceId()).isEmpty()) {
            place(build, List.of());
        }
    }

    /**
     * The common case in one statement: the best host no one holds, claimed with the allocation written. Anything
     * else (no such host, or the instance holding an allocation already) is looked at alone.
     */
    private void placeUnheld(BuildInstance build) {
        Optional<String> host = claims.claimBest(build.instanceId(), build.projectId(), build.resources(),
                build.placementHints(), List.of(), liveness.aliveSince());
        if (host.isEmpty()) {
            throw new ApplyAlone("no host free of other placements fits instance " + build.instanceId()
                    + ", or it holds one");
        }
        scheduled(build, host.get(), List.of());
    }

    /**
     * A host failed to spawn: its claim goes back, and the build goes to another host while attempts are left.
     * Nothing happens if the instance's claim is no longer the failed host's (the build was aborted or deleted
     * meanwhile, or this is a redelivery).
     */
    public void spawnFailed(InstanceSpawnFailed failed) {
        Optional<Allocation> claimed = Allocation.forInstance(failed.instanceId())
                .filter(allocation -> allocation.host.equals(failed.host()));
        if (claimed.isEmpty()) {
            return;
        }
        Allocation allocation = claimed.get();
        boolean abandoned = allocation.state != Allocation.State.CLAIMED;
        claims.releaseNow(allocation);
        SpawnInstance spawn = failed.spawn();
        List<FailedAttempt> failures = new ArrayList<>(spawn == null ? List.of() : spawn.failuresSoFar());
        failures.add(new FailedAttempt(failed.host(), failed.reason()));
        BuildInstance build = spawn == null ? null : spawn.request();
        if (abandoned || build == null || build.placementHints().forcedHost() != null) {
            outbox.publish(new InstanceBuildFailed(failed.instanceId(), failed.host(), HOST_FAILURE, failed.reason()));
        } else if (failures.size() >= attempts) {
            LOG.warnf("instance %s failed on %d hosts: giving up", failed.instanceId(), failures.size());
            outbox.publish(new InstanceBuildFailed(failed.instanceId(), failed.host(), HOST_FAILURE,
                    "Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures"
                            + " for instance " + failed.instanceId() + ". " + attemptsIn(failures)));
        } else {
            LOG.infof("instance %s failed on %s: trying another host (attempt %d of %d)", failed.instanceId(),
                    failed.host(), failures.size() + 1, attempts);
            rescheduled.increment();
            place(build, failures);
        }
    }

    private void place(BuildInstance build, List<FailedAttempt> failures) {
        Instant aliveSince = liveness.aliveSince();
        PlacementHints hints = build.placementHints();
        if (hints.hasGroup()) {
            claims.lockGroup(hints.groupId());
        }
        List<String> tried = failures.stream().map(FailedAttempt::host).distinct().toList();
        Optional<String> host = claimSomewhere(build, hints, tried, aliveSince);
        if (host.isPresent()) {
            scheduled(build, host.get(), failures);
            return;
        }
        String reason = claims.explainNoValidHost(build.resources(), hints, tried, aliveSince);
        if (!failures.isEmpty()) {
            reason = reason + " " + attemptsIn(failures);
        }
        LOG.warnf("instance %s: %s", build.instanceId(), reason);
        noValidHost.increment();
        outbox.publish(new InstanceBuildFailed(build.instanceId(), null, HOST_FAILURE, reason));
    }

    private void scheduled(BuildInstance build, String host, List<FailedAttempt> failures) {
        LOG.debugf("instance %s placed on %s", build.instanceId(), host);
        outbox.publish(new InstanceScheduled(build.instanceId(), host));
        outbox.publish(SpawnInstance.attempt(host, build, failures));
        placed.increment();
    }

    /**
     * The best host no concurrent placement holds, in one statement; failing that (concurrent claims or a
     * heartbeat batch hold all of them at this moment), the best candidates in turn, each waiting for whoever holds it.
     */
    private Optional<String> claimSomewhere(BuildInstance build, PlacementHints hints, List<String> tried,
            Instant aliveSince) {
        Optional<String> best = claims.claimBest(build.instanceId(), build.projectId(), build.resources(), hints,
                tried, aliveSince);
        if (best.isPresent()) {
            return best;
        }
        for (String host : claims.candidates(build.resources(), hints, tried, aliveSince, candidates)) {
            if (claims.claim(host, build.instanceId(), build.projectId(), build.resources(), hints.groupId(),
                    aliveSince)) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    private static String attemptsIn(List<FailedAttempt> failures) {
        return "Attempts: " + failures.stream().map(FailedAttempt::toString).collect(Collectors.joining("; "));
    }
}
