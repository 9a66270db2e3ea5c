package dev.kumo.contracts.instance;

import java.util.UUID;

/**
 * What constrains where an instance may go beyond its resources: its server group and the group's policy
 * ({@code affinity}, {@code anti-affinity}, {@code soft-affinity}, {@code soft-anti-affinity}), a host an
 * admin forced it onto ({@code availability_zone: "nova:host"}), and the availability zone it asked for (its hosts
 * only; a forced host goes before it). Every field may be null.
 */
public record PlacementHints(UUID groupId, String groupPolicy, String forcedHost, String availabilityZone) {

    public static final PlacementHints NONE = new PlacementHints(null, null, null, null);

    /** Hints without a zone, as before zones were scheduled. */
    public PlacementHints(UUID groupId, String groupPolicy, String forcedHost) {
        this(groupId, groupPolicy, forcedHost, null);
    }

    public boolean hasGroup() {
        return groupId != null && groupPolicy != null;
    }
}
