package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.scheduler.aggregates.Zones;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The filters a request's candidate hosts must pass, in the order a NoValidHost fault counts them, with the
 * parameters their conditions use. The same conditions make the candidate query (all of them at once) and the
 * explanation (one count per filter of the hosts still left after it), so the two never disagree.
 */
final class HostFilters {

    /** What the spread and pack weighers order by; the same expression as the index host_free_memory. */
    static final String FREE_MEMORY = "((memory_mb - reserved_memory_mb) * ram_allocation_ratio - used_memory_mb)";

    /**
     * A host is up when its last heartbeat is recent. Heartbeats keep moving every host past the newest value the
     * last ANALYZE saw, so on the bare column the planner would expect almost no host to be up and compute and sort
     * the whole fleet; on an expression it takes its default estimate and walks the weigher's index instead.
     */
    private static final String UP = "last_heartbeat_at + interval '0 seconds' > :aliveSince and not forced_down";

    private final List<HostFilter> filters = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final GroupFilter group;

    private HostFilters(GroupFilter group) {
        this.group = group;
    }

    static HostFilters of(Resources request, PlacementHints hints, Instant aliveSince, Zones zones) {
        HostFilters chain = new HostFilters(GroupFilter.of(hints));
        if (hints.forcedHost() != null) {
            chain.add("HostFilter (requested host " + hints.forcedHost() + ")", "name = :forcedHost");
            chain.parameters.put("forcedHost", hints.forcedHost());
        }
        // As in Nova, an admin's forced host (availability_zone "zone:host") bypasses its being disabled.
        chain.add(hints.forcedHost() != null ? "ComputeFilter (up)" : "ComputeFilter (up and enabled)",
                UP + (hints.forcedHost() != null ? "" : " and enabled"));
        chain.parameters.put("aliveSince", Timestamp.from(aliveSince));
        chain.add("MaintenanceFilter", "not maintenance");
        // As in Nova, a forced host goes before the zone.
        if (hints.availabilityZone() != null && hints.forcedHost() == null) {
            String condition = zones.condition(hints.availabilityZone());
            chain.add("AvailabilityZoneFilter (zone " + hints.availabilityZone() + ")", condition);
            if (condition.contains(":zone")) {
                chain.parameters.put("zone", hints.availabilityZone());
            }
        }
        if (chain.group.usesGroup()) {
            chain.parameters.put("groupId", hints.groupId());
            if (!chain.group.condition().isEmpty()) {
                chain.add(chain.group.filterName() + " (server group " + hints.groupId() + "'s "
                        + hints.groupPolicy() + " policy)", chain.group.condition());
            }
        }
        HintFilters.addTo(chain, hints);
        chain.add("CoreFilter (VCPU)", "(vcpus - reserved_vcpus) * cpu_allocation_ratio - used_vcpus >= :vcpus");
        chain.add("RamFilter (MEMORY_MB)", FREE_MEMORY + " >= :memoryMb");
        chain.add("DiskFilter (DISK_GB)",
                "(disk_gb - reserved_disk_gb) * disk_allocation_ratio - used_disk_gb >= :diskGb");
        chain.parameters.put("vcpus", request.vcpus());
        chain.parameters.put("memoryMb", request.memoryMb());
        chain.parameters.put("diskGb", request.diskGb());
        return chain;
    }

    /** Leaves out hosts already tried for this request (a build that failed there, an evacuated host). */
    HostFilters excluding(java.util.Collection<String> hosts) {
        if (!hosts.isEmpty()) {
            add("RetryFilter (hosts tried before: " + String.join(", ", hosts) + ")", "name not in (:excludedHosts)");
            parameters.put("excludedHosts", List.copyOf(hosts));
        }
        return this;
    }

    /** Adds a filter after the others; its parameters are the caller's to add with {@link #parameter}. */
    HostFilters add(String name, String condition) {
        filters.add(new HostFilter(name, condition));
        return this;
    }

    HostFilters parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    List<HostFilter> filters() {
        return List.copyOf(filters);
    }

    /**
     * The hosts passing every filter, best first by the weigher after a soft group policy's preference. Ties go by
     * name in the weigher's direction, so one index (host_free_memory) gives either order and the database reads
     * the first {@code :limit} hosts that pass from it, whatever the fleet's size.
     */
    String candidateQuery(Weigher weigher) {
        return "select name from host where " + all() + order(weigher) + " limit :limit";
    }

    /**
     * The best host passing every filter that no other transaction holds at this moment, locked for the claim that
     * follows in the same statement: concurrent placements (and a heartbeat batch holding its hosts) step over one
     * another's hosts instead of queueing on the same best one.
     */
    String bestUnlockedHostQuery(Weigher weigher) {
        return "select name from host where " + all() + order(weigher) + " limit 1 for update skip locked";
    }

    private String order(Weigher weigher) {
        return " order by" + group.preference() + " " + FREE_MEMORY + " " + weigher.direction() + ", name "
                + weigher.direction();
    }

    /**
     * One row: the number of hosts, then for each filter the number left after it and all before it. One pass over
     * the host table in the database, whatever the fleet's size: no host is read into the scheduler.
     */
    String countQuery() {
        StringBuilder sql = new StringBuilder("select count(*)");
        List<String> conditions = new ArrayList<>();
        for (HostFilter filter : filters) {
            conditions.add("(" + filter.condition() + ")");
            sql.append(", count(*) filter (where ").append(String.join(" and ", conditions)).append(")");
        }
        return sql.append(" from host").toString();
    }

    <Q extends Query> Q bind(Q query) {
        parameters.forEach(query::setParameter);
        return query;
    }

    private String all() {
        return filters.stream().map(filter -> "(" + filter.condition() + ")").collect(Collectors.joining(" and "));
    }
}
