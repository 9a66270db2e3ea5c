package dev.kumo.scheduler.placement;

import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.hosts.HostLiveness;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Releases claims whose host went down before confirming a destroy, so that no allocation outlives a
 * dead host. The destroy command stays queued for the host's agent, which removes the domain if the
 * host ever comes back. The allocations are read {@code for update skip locked}: one whose host's confirmation is
 * being applied at the same moment is left to it, so no claim is given back twice.
 */
@ApplicationScoped
public class ReleaseSweeper {

    private static final Logger LOG = Logger.getLogger(ReleaseSweeper.class);

    private final Claims claims;
    private final HostLiveness liveness;
    private final Outbox outbox;

    public ReleaseSweeper(Claims claims, HostLiveness liveness, Outbox outbox) {
        this.claims = claims;
        this.liveness = liveness;
        this.outbox = outbox;
    }

    @Scheduled(every = "${kumo.scheduler.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void releaseOnDeadHosts() {
        for (Allocation allocation : Allocation.releasingOnHostsDownSince(liveness.aliveSince())) {
            LOG.infof("host %s went down before destroying instance %s: releasing its claim",
                    allocation.host, allocation.instanceId);
            claims.release(allocation);
            outbox.publish(new InstanceDestroyed(allocation.instanceId, allocation.host));
        }
    }
}
