package dev.kumo.scheduler.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostLivenessTest {

    private static final Duration DOWN_AFTER = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void rightAfterARestartRecencyIsMeasuredFromTheNewestHeartbeatKnown() {
        MutableClock clock = new MutableClock(START);
        Instant newest = START.minusSeconds(30);
        HostLiveness liveness = new HostLiveness(DOWN_AFTER, clock, () -> Optional.of(newest));

        clock.now = START.plusSeconds(5);

        assertEquals(newest.minus(DOWN_AFTER), liveness.aliveSince());
    }

    @Test
    void onceTheSchedulerHadTimeToHearFromEveryHostRecencyIsMeasuredFromNow() {
        MutableClock clock = new MutableClock(START);
        HostLiveness liveness = new HostLiveness(DOWN_AFTER, clock, () -> Optional.of(START.minusSeconds(30)));

        clock.now = START.plusSeconds(11);

        assertEquals(clock.now.minus(DOWN_AFTER), liveness.aliveSince());
    }

    @Test
    void withoutAnyHostKnownRecencyIsMeasuredFromNow() {
        MutableClock clock = new MutableClock(START);
        HostLiveness liveness = new HostLiveness(DOWN_AFTER, clock, Optional::empty);

        assertEquals(START.minus(DOWN_AFTER), liveness.aliveSince());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
