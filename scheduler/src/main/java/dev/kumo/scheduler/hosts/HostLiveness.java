package dev.kumo.scheduler.hosts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Decides which hosts are up: those whose last heartbeat is recent enough. */
@ApplicationScoped
public class HostLiveness {

    private final Duration downAfter;
    private final Clock clock;

    @Inject
    public HostLiveness(@ConfigProperty(name = "kumo.scheduler.host-down-after") Duration downAfter) {
        this(downAfter, Clock.systemUTC());
    }

    public HostLiveness(Duration downAfter, Clock clock) {
        this.downAfter = downAfter;
        this.clock = clock;
    }

    /** Hosts with a heartbeat after this instant are up. */
    public Instant aliveSince() {
        return clock.instant().minus(downAfter);
    }

    public boolean isUp(Host host) {
        return host.isUp(aliveSince());
    }
}
