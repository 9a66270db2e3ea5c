package dev.kumo.network.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Neutron writes times to the second, in UTC: {@code 2026-11-27T00:15:02Z}. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
