package dev.kumo.scheduler.placement;

/**
 * How hosts that pass every filter are ordered ({@code kumo.scheduler.weigher}): spread puts the most free memory
 * first, so load evens out; pack puts the least first, so hosts fill up one by one and the rest stay empty.
 */
public enum Weigher {
    SPREAD("desc"),
    PACK("asc");

    private final String direction;

    Weigher(String direction) {
        this.direction = direction;
    }

    String direction() {
        return direction;
    }
}
