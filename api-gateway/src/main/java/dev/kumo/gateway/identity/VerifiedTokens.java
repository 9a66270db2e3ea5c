package dev.kumo.gateway.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identities of tokens whose signature and claims were already verified, kept until the token expires, so that a
 * client polling with one token pays for the RSA check and the JSON parsing once rather than on every call (they
 * were half of the gateway's CPU per request). Revocation is unaffected: {@link RevocationCheck} runs on every call,
 * cached identity or not.
 */
@ApplicationScoped
public class VerifiedTokens {

    static final int CAPACITY = 4096;

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public VerifiedTokens(MeterRegistry metrics) {
        this(metrics, Clock.systemUTC());
    }

    VerifiedTokens(MeterRegistry metrics, Clock clock) {
        this.clock = clock;
        this.hits = metrics.counter("kumo.verified_tokens", "cache", "hit");
        this.misses = metrics.counter("kumo.verified_tokens", "cache", "miss");
    }

    private record Verified(SecurityIdentity identity, Instant expiresAt) {
    }

    /** The identity verified for exactly this token, unless it expired since. */
    public Optional<SecurityIdentity> identityOf(String rawToken) {
        Verified entry = verified.get(rawToken);
        if (entry == null || !clock.instant().isBefore(entry.expiresAt())) {
            if (entry != null) {
                verified.remove(rawToken, entry);
            }
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(entry.identity());
    }

    /** Keeps a freshly verified identity until its token expires; a full cache first drops what expired, or all. */
    public void remember(String rawToken, SecurityIdentity identity, Instant expiresAt) {
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt)) {
            return;
        }
        if (verified.size() >= CAPACITY) {
            verified.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (verified.size() >= CAPACITY) {
                verified.clear();
            }
        }
        verified.put(rawToken, new Verified(identity, expiresAt));
    }

    int size() {
        return verified.size();
    }
}
