package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.instance.AbortBuild;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.EvacuateInstance;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.MigrateRequested;
import dev.kumo.contracts.instance.MigrationConfirmed;
import dev.kumo.contracts.instance.MigrationReverted;
import dev.kumo.contracts.instance.ResizeConfirmed;
import dev.kumo.contracts.instance.ResizeRequested;
import dev.kumo.contracts.instance.ResizeReverted;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.hosts.Host;
import dev.kumo.scheduler.hosts.HostLiveness;
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
 * Places new instances ({@link Builds}), resizes ({@link Resizes}), moves ({@link Migrations}) and evacuates
 * ({@link Evacuations}) them, and takes apart deleted or abandoned ones. Requests for
 * one instance share a key,
 * so a delete is always seen after the build it undoes.
 */
@ApplicationScoped
public class InstanceRequests implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(InstanceRequests.class);

    private final Claims claims;
    private final Builds builds;
    private final Resizes resizes;
    private final Evacuations evacuations;
    private final Migrations migrations;
    private final HostLiveness liveness;
    private final Outbox outbox;
    private final int deciders;
    private final Timer decision;

    public InstanceRequests(Claims claims, Builds builds, Resizes resizes, Evacuations evacuations,
            Migrations migrations, HostLiveness liveness, Outbox outbox, MeterRegistry metrics,
            @ConfigProperty(name = "kumo.scheduler.deciders") int deciders) {
        this.claims = claims;
        this.builds = builds;
        this.resizes = resizes;
        this.evacuations = evacuations;
        this.migrations = migrations;
        this.liveness = liveness;
        this.outbox = outbox;
        this.deciders = deciders;
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

    /**
     * New builds outside server groups go in one transaction per poll: their claims take hosts {@code skip locked},
     * never waiting for one, so batches cannot deadlock. A group's builds serialise on the group's lock, and
     * deletes wait for their host's row: those go alone.
     */
    @Override
    public boolean appliesTogether(IncomingMessage message) {
        return message.payload() instanceof BuildInstance build && !build.placementHints().hasGroup();
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof BuildInstance build) {
            decision.record(() -> builds.place(build, message.together()));
        } else if (message.payload() instanceof DeleteInstance delete) {
            takeApart(delete.instanceId(), true);
        } else if (message.payload() instanceof AbortBuild abort) {
            takeApart(abort.instanceId(), false);
        } else if (message.payload() instanceof EvacuateInstance evacuate) {
            evacuations.evacuate(evacuate);
        } else if (message.payload() instanceof ResizeRequested resize) {
            resizes.resize(resize);
        } else if (message.payload() instanceof ResizeConfirmed confirmed) {
            resizes.confirm(confirmed);
        } else if (message.payload() instanceof ResizeReverted reverted) {
            resizes.revert(reverted);
        } else if (message.payload() instanceof MigrateRequested migrate) {
            migrations.migrate(migrate);
        } else if (message.payload() instanceof MigrationConfirmed confirmed) {
            migrations.confirm(confirmed);
        } else if (message.payload() instanceof MigrationReverted reverted) {
            migrations.revert(reverted);
        }
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
