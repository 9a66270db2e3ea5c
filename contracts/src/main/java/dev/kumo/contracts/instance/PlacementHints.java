package dev.kumo.contracts.instance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What constrains where an instance may go beyond its resources: its server group and the group's policy
 * ({@code affinity}, {@code anti-affinity}, {@code soft-affinity}, {@code soft-anti-affinity}), a host an
 * admin forced it onto ({@code availability_zone: "nova:host"}), and the availability zone it asked for (its hosts
 * only; a forced host goes before it). Every field may be null.
 *
 * <p>Then what Nova's other filters read: the instances it must share a host with ({@code sameHost}) or keep off
 * ({@code differentHost}: the {@code same_host}/{@code different_host} scheduler hints, only instances the caller
 * may see); the traits its host must have or must not have (flavor extra specs and image properties
 * {@code trait:NAME=required|forbidden}); the image's architecture and hypervisor type (canonical, lower case); and
 * the flavor's {@code aggregate_instance_extra_specs:KEY=VALUE}, which the metadata of an aggregate of the host must
 * match. The lists and the map are never null (empty when a message from before them has none).
 */
public record PlacementHints(UUID groupId, String groupPolicy, String forcedHost, String availabilityZone,
        List<UUID> sameHost, List<UUID> differentHost, List<String> requiredTraits, List<String> forbiddenTraits,
        String architecture, String hypervisorType, Map<String, String> aggregateMetadata) {

    public static final PlacementHints NONE = new PlacementHints(null, null, null, null);

    public PlacementHints {
        sameHost = sameHost == null ? List.of() : List.copyOf(sameHost);
        differentHost = differentHost == null ? List.of() : List.copyOf(differentHost);
        requiredTraits = requiredTraits == null ? List.of() : List.copyOf(requiredTraits);
        forbiddenTraits = forbiddenTraits == null ? List.of() : List.copyOf(forbiddenTraits);
        aggregateMetadata = aggregateMetadata == null ? Map.of() : Map.copyOf(aggregateMetadata);
    }

    /** Hints of a server group, a forced host and a zone only, as before the other filters. */
    public PlacementHints(UUID groupId, String groupPolicy, String forcedHost, String availabilityZone) {
        this(groupId, groupPolicy, forcedHost, availabilityZone, null, null, null, null, null, null, null);
    }

    /** Hints without a zone, as before zones were scheduled. */
    public PlacementHints(UUID groupId, String groupPolicy, String forcedHost) {
        this(groupId, groupPolicy, forcedHost, null);
    }

    public boolean hasGroup() {
        return groupId != null && groupPolicy != null;
    }

    /** These hints with the instances to share a host with and to keep off. */
    public PlacementHints withNeighbours(List<UUID> same, List<UUID> different) {
        return new PlacementHints(groupId, groupPolicy, forcedHost, availabilityZone, same, different, requiredTraits,
                forbiddenTraits, architecture, hypervisorType, aggregateMetadata);
    }

    /** These hints with what the host must be: traits it has and lacks, architecture, hypervisor, aggregate metadata. */
    public PlacementHints withHostRequirements(List<String> required, List<String> forbidden, String arch,
            String hvType, Map<String, String> metadata) {
        return new PlacementHints(groupId, groupPolicy, forcedHost, availabilityZone, sameHost, differentHost,
                required, forbidden, arch, hvType, metadata);
    }
}
