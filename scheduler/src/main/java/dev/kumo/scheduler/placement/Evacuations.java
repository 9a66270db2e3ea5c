package dev.kumo.scheduler.placement;

import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.EvacuateInstance;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.hosts.HostLiveness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rebuilds the instance of a down host on another host: claims room there with the normal filters (the admin's
 * target, if named, must pass them unless forced), moves the instance's allocation off the dead host in the same
 * transaction, sends the spawn to the new host and a destroy to the old one, which its agent applies if it ever
 * comes back. When nothing fits, the instance keeps its claim on the old host and the gateway hears why.
 */
@ApplicationScoped
public class Evacuations {

    private static final Logger LOG = Logger.getLogger(Evacuations.class);

    private final Claims claims;
    private final HostLiveness liveness;
    private final Outbox outbox;
    private final int candidates;
    private final Counter evacuated;

    public Evacuations(Claims claims, HostLiveness liveness, Outbox outbox, MeterRegistry metrics,
            @ConfigProperty(name = "kumo.scheduler.candidates") int candidates) {
        this.claims = claims;
        this.liveness = liveness;
        this.outbox = outbox;
        this.candidates = candidates;
        this.evacuated = metrics.counter("kumo.scheduler.evacuated");
    }

    public void evacuate(EvacuateInstance request) {
        Optional<Allocation> current = Allocation.forInstance(request.instanceId());
        if (current.isPresent() && !current.get().host.equals(request.sourceHost())) {
            return; // moved already: a redelivered request
        }
        BuildInstance rebuild = request.rebuild();
        PlacementHints hints = hintsFor(request);
        Instant aliveSince = liveness.aliveSince();
        if (hints.hasGroup()) {
            claims.lockGroup(hints.groupId());
        }
        List<String> source = List.of(request.sourceHost());
        for (String host : claims.candidates(rebuild.resources(), hints, source, aliveSince, candidates)) {
            if (claimOn(host, rebuild, hints, current, aliveSince)) {
                LOG.infof("instance %s evacuated from %s to %s", request.instanceId(), request.sourceHost(), host);
                outbox.publish(new SpawnInstance(host, rebuild.instanceId(), rebuild.name(), rebuild.resources(),
                        rebuild.imageRef(), rebuild.guest(), null, null, rebuild.networks()));
                outbox.publish(new DestroyInstance(request.sourceHost(), request.instanceId()));
                evacuated.increment();
                return;
            }
        }
        String reason = "Evacuation of instance " + request.instanceId() + " from host " + request.sourceHost()
                + " failed: " + claims.explainNoValidHost(rebuild.resources(), hints, source, aliveSince);
        LOG.warn(reason);
        outbox.publish(new InstanceBuildFailed(request.instanceId(), null, Builds.HOST_FAILURE, reason));
    }

    /**
     * Takes room on the new host and moves the instance's allocation there, giving the dead host's share (and what
     * an unfinished resize held on it) back; an instance without an allocation gets a new one.
     */
    private boolean claimOn(String host, BuildInstance rebuild, PlacementHints hints, Optional<Allocation> current,
            Instant aliveSince) {
        if (current.isEmpty()) {
            return claims.claim(host, rebuild.instanceId(), rebuild.projectId(), rebuild.resources(),
                    hints.groupId(), aliveSince);
        }
        if (!claims.take(host, rebuild.resources(), aliveSince)) {
            return false;
        }
        Allocation allocation = current.get();
        Allocation.migrationsOf(allocation.instanceId).forEach(claims::release);
        claims.giveBack(allocation.host, allocation.resources());
        allocation.host = host;
        allocation.vcpus = rebuild.resources().vcpus();
        allocation.memoryMb = rebuild.resources().memoryMb();
        allocation.diskGb = rebuild.resources().diskGb();
        allocation.state = Allocation.State.CLAIMED;
        allocation.releasingSince = null;
        return true;
    }

    /** The admin's target (checked by the filters, or forced past them) or the instance's own constraints. */
    private static PlacementHints hintsFor(EvacuateInstance request) {
        PlacementHints hints = request.rebuild().placementHints();
        if (request.targetHost() == null) {
            return hints;
        }
        return new PlacementHints(hints.groupId(), hints.groupPolicy(), request.targetHost(), null);
    }
}
