package dev.kumo.contracts.instance;

import java.util.UUID;

/**
 * What constrains where an instance may go beyond its resources: its server group and the group's policy
 * ({@code affinity}, {@code anti-affinity}, {@code soft-affinity}, {@code soft-anti-affinity}), and a host an
 * admin forced it onto ({@code availability_zone: "nova:host"}). Every field may be null.
 */
public record PlacementHints(UUID groupId, String groupPolicy, String forcedHost) {

    public static final PlacementHints NONE = new PlacementHints(null, null, null);

    public boolean hasGroup() {
        return groupId != null && groupPolicy != null;
    }
}
