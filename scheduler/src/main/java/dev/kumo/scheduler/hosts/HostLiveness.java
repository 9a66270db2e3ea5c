package dev.kumo.scheduler.hosts;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides which hosts are up: those whose last heartbeat is recent enough. Right after the scheduler
 * starts, its knowledge of heartbeats is as old as its downtime until it has read the heartbeats sent
 * meanwhile; for that first period, recency is measured from the newest heartbeat it knows rather than
 * from now, so a restart does not make every host look down.
 */
@ApplicationScoped
@Startup
public class HostLiveness {

    private final Duration downAfter;
    private final Clock clock;
    private final Supplier<Optional<Instant>> newestHeartbeat;
    private final Instant startedAt;

    @Inject
    public HostLiveness(@ConfigProperty(name = "kumo.scheduler.host-down-after") Duration downAfter,
            EntityManager entityManager) {
        this(downAfter, Clock.systemUTC(), () -> newestHeartbeat(entityManager));
    }

    public HostLiveness(Duration downAfter, Clock clock, Supplier<Optional<Instant>> newestHeartbeat) {
        this.downAfter = downAfter;
        this.clock = clock;
        this.newestHeartbeat = newestHeartbeat;
        this.startedAt = clock.instant();
    }

    /** Hosts with a heartbeat after this instant are up. */
    public Instant aliveSince() {
        Instant now = clock.instant();
        Instant reference = now;
        if (now.isBefore(startedAt.plus(downAfter))) {
            reference = newestHeartbeat.get().filter(newest -> newest.isBefore(now)).orElse(now);
        }
        return reference.minus(downAfter);
    }

    public boolean isUp(Host host) {
        return host.isUp(aliveSince());
    }

    private static Optional<Instant> newestHeartbeat(EntityManager entityManager) {
        Object newest = entityManager.createNativeQuery("select max(last_heartbeat_at) from host").getSingleResult();
        if (newest instanceof Timestamp timestamp) {
            return Optional.of(timestamp.toInstant());
        }
        if (newest instanceof Instant instant) {
            return Optional.of(instant);
        }
        if (newest instanceof java.time.OffsetDateTime offset) {
            return Optional.of(offset.toInstant());
        }
        return Optional.empty();
    }
}
