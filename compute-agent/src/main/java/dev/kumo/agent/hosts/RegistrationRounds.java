package dev.kumo.agent.hosts;

import dev.kumo.contracts.host.HostRegistered;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which registrations a round sends. A host's registration goes when it differs from the one last sent for it (its
 * capacity, URL or traits changed), and every host's goes at start and once per {@code refresh}, which heals a
 * scheduler that lost or deleted a host row. Between refreshes an unchanged fleet sends nothing: 10,000 unchanged
 * registrations a minute were 10,000 messages and transactions for nothing, competing with placements.
 */
final class RegistrationRounds {

    private final Duration refresh;
    /** Each host's registration as last sent, without its time: what a later one is compared with. */
    private final Map<String, HostRegistered> lastSent = new HashMap<>();
    private Instant lastRefresh;

    RegistrationRounds(Duration refresh) {
        this.refresh = refresh;
    }

    /** A round: the registrations to send, and whether they are every host's (a refresh). */
    record Round(List<HostRegistered> registrations, boolean refresh) {
    }

    /** This round, out of every host's current registration. */
    synchronized Round next(List<HostRegistered> current, Instant now) {
        if (lastRefresh == null || !now.isBefore(lastRefresh.plus(refresh))) {
            return new Round(current, true);
        }
        return new Round(current.stream().filter(registration -> !sameAsSent(registration)).toList(), false);
    }

    /** The round reached the broker: its registrations are the last sent, and a refresh restarts the clock. */
    synchronized void sent(Round round, Instant now) {
        round.registrations().forEach(registration -> lastSent.put(registration.host(), timeless(registration)));
        if (round.refresh()) {
            lastRefresh = now;
        }
    }

    private boolean sameAsSent(HostRegistered registration) {
        return timeless(registration).equals(lastSent.get(registration.host()));
    }

    private static HostRegistered timeless(HostRegistered registration) {
        return new HostRegistered(registration.host(), registration.hypervisorType(), registration.domainType(),
                registration.libvirtUri(), registration.capacity(), null, registration.agentUrl(),
                registration.architecture(), registration.traits());
    }
}
