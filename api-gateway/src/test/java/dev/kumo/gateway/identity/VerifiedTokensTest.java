package dev.kumo.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final VerifiedTokens tokens = new VerifiedTokens(new SimpleMeterRegistry(), clock);

    @Test
    void aVerifiedTokenIsAnsweredFromMemoryUntilItExpires() {
        SecurityIdentity alice = identity("alice");
        tokens.remember("token-a", alice, clock.instant().plusSeconds(60));

        assertSame(alice, tokens.identityOf("token-a").orElseThrow());
        clock.advance(Duration.ofSeconds(59));
        assertTrue(tokens.identityOf("token-a").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(tokens.identityOf("token-a").isEmpty(), "an expired token must be verified again (and refused)");
        assertEquals(0, tokens.size(), "the expired entry is dropped");
    }

    @Test
    void onlyTheVeryTokenThatWasVerifiedMatches() {
        tokens.remember("token-a", identity("alice"), clock.instant().plusSeconds(60));

        assertTrue(tokens.identityOf("token-a-tampered").isEmpty());
        assertTrue(tokens.identityOf("token-").isEmpty());
    }

    @Test
    void anAlreadyExpiredTokenIsNotKept() {
        tokens.remember("token-old", identity("alice"), clock.instant());

        assertTrue(tokens.identityOf("token-old").isEmpty());
    }

    @Test
    void aFullCacheMakesRoomFirstByDroppingWhatExpired() {
        for (int i = 0; i < VerifiedTokens.CAPACITY - 1; i++) {
            tokens.remember("short-" + i, identity("u" + i), clock.instant().plusSeconds(10));
        }
        tokens.remember("long", identity("bob"), clock.instant().plusSeconds(600));
        clock.advance(Duration.ofSeconds(30));

        tokens.remember("new", identity("carol"), clock.instant().plusSeconds(600));

        assertEquals(2, tokens.size());
        assertTrue(tokens.identityOf("long").isPresent());
        assertTrue(tokens.identityOf("new").isPresent());
    }

    @Test
    void aCacheFullOfLiveTokensStartsOverRatherThanGrow() {
        for (int i = 0; i < VerifiedTokens.CAPACITY; i++) {
            tokens.remember("live-" + i, identity("u" + i), clock.instant().plusSeconds(600));
        }

        tokens.remember("one-more", identity("dave"), clock.instant().plusSeconds(600));

        assertEquals(1, tokens.size());
        assertTrue(tokens.identityOf("one-more").isPresent());
    }

    private static SecurityIdentity identity(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole("member").build();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
