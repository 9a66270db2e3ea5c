package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.scheduler.aggregates.Zones;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claims and releases host resources. A claim is one conditional update of the host's usage that
 * succeeds only when the resources are still free at that moment, so two schedulers racing for the
 * last slot cannot both win; the allocation row is written in the same transaction.
 */
@ApplicationScoped
public class Claims {

    private static final String ADD_USAGE = """
            update host set used_vcpus = used_vcpus + :vcpus,
                            used_memory_mb = used_memory_mb + :memoryMb,
                            used_disk_gb = used_disk_gb + :diskGb""";
    /** The host is up and has room for the request: checked on the row being updated, so no claim overcommits. */
    private static final String STILL_FITS = " " + """
            and last_heartbeat_at > :aliveSince and not forced_down
            and used_vcpus + :vcpus <= (vcpus - reserved_vcpus) * cpu_allocation_ratio
            and used_memory_mb + :memoryMb <= (memory_mb - reserved_memory_mb) * ram_allocation_ratio
            and used_disk_gb + :diskGb <= (disk_gb - reserved_disk_gb) * disk_allocation_ratio""";

    private final EntityManager entityManager;
    private final Zones zones;
    private final Weigher weigher;

    public Claims(EntityManager entityManager, Zones zones,
            @ConfigProperty(name = "kumo.scheduler.weigher") Weigher weigher) {
        this.entityManager = entityManager;
        this.zones = zones;
        this.weigher = weigher;
    }

    /**
     * Hosts that pass every filter for the request, best first: after the hosts a soft group policy prefers, by
     * free memory as the configured weigher orders it. One SQL statement, whatever the fleet's size.
     */
    public List<String> candidates(Resources request, PlacementHints hints, Instant aliveSince, int limit) {
        return candidates(request, hints, List.of(), aliveSince, limit);
    }

    /** As {@link #candidates(Resources, PlacementHints, Instant, int)}, leaving out hosts tried before. */
    @SuppressWarnings("unchecked")
    public List<String> candidates(Resources request, PlacementHints hints, Collection<String> excluded,
            Instant aliveSince, int limit) {
        HostFilters filters = HostFilters.of(request, hints, aliveSince, zones).excluding(excluded);
        return filters.bind(entityManager.createNativeQuery(filters.candidateQuery(weigher)))
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Serializes placements within one server group until the transaction ends, so two members placed at the
     * same moment (on different partitions or schedulers) cannot both miss each other's host.
     */
    public void lockGroup(UUID groupId) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext('group:' || :groupId))")
                .setParameter("groupId", groupId.toString())
                .getSingleResult();
    }

    /**
     * Claims the request on the best host that passes every filter and that no concurrent claim holds, and writes
     * the instance's allocation, in one statement: a conditional update that picks the host as it locks it, and the
     * insert of what it claimed. Empty when every such host is held by another transaction at this moment (or none
     * passes), and when the instance holds an allocation already (a repeated build changes nothing): the caller then
     * looks closer, or waits its turn on the {@link #candidates}.
     */
    public Optional<String> claimBest(UUID instanceId, String projectId, Resources request, PlacementHints hints,
            Collection<String> excluded, Instant aliveSince) {
        HostFilters filters = HostFilters.of(request, hints, aliveSince, zones).excluding(excluded);
        @SuppressWarnings("unchecked")
        List<String> claimed = filters.bind(entityManager.createNativeQuery("with claimed as (" + ADD_USAGE
                        + " where name = (" + filters.bestUnlockedHostQuery(weigher) + ")" + STILL_FITS
                        + " and not maintenance"
                        + " and not exists (select 1 from allocation where instance_id = :instanceId) returning name)"
                        + " insert into allocation (instance_id, host, project_id, vcpus, memory_mb, disk_gb,"
                        + " server_group_id, state, created_at)"
                        + " select :instanceId, name, :projectId, :vcpus, :memoryMb, :diskGb, cast(:groupId as uuid),"
                        + " 'CLAIMED', now()"
                        + " from claimed returning host"))
                .setParameter("instanceId", instanceId)
                .setParameter("projectId", projectId)
                .setParameter("groupId", hints.groupId())
                .getResultList();
        return claimed.stream().findFirst();
    }

    /** Claims the request on the host if it still fits; true when the allocation was made. */
    public boolean claim(String host, UUID instanceId, String projectId, Resources request, UUID groupId,
            Instant aliveSince) {
        if (!take(host, request, aliveSince, true)) {
            return false;
        }
        allocate(host, instanceId, projectId, request, groupId);
        return true;
    }

    private static void allocate(String host, UUID instanceId, String projectId, Resources request, UUID groupId) {
        Allocation allocation = new Allocation();
        allocation.instanceId = instanceId;
        allocation.host = host;
        allocation.projectId = projectId;
        allocation.vcpus = request.vcpus();
        allocation.memoryMb = request.memoryMb();
        allocation.diskGb = request.diskGb();
        allocation.serverGroupId = groupId;
        allocation.state = Allocation.State.CLAIMED;
        allocation.createdAt = Instant.now();
        allocation.persist();
    }

    /**
     * Adds the request to the up host's usage if it still fits within its capacity; true when it did. The caller
     * records what holds it in the same transaction.
     */
    public boolean take(String host, Resources request, Instant aliveSince) {
        return take(host, request, aliveSince, false);
    }

    /** As {@link #take(String, Resources, Instant)}; a new placement is also refused by a host in maintenance. */
    private boolean take(String host, Resources request, Instant aliveSince, boolean newPlacement) {
        int updated = entityManager.createNativeQuery(ADD_USAGE + " where name = :host" + STILL_FITS
                        + (newPlacement ? " and not maintenance" : ""))
                .setParameter("vcpus", request.vcpus())
                .setParameter("memoryMb", request.memoryMb())
                .setParameter("diskGb", request.diskGb())
                .setParameter("host", host)
                .setParameter("aliveSince", Timestamp.from(aliveSince))
                .executeUpdate();
        return updated > 0;
    }

    /** Gives an allocation's resources back to its host and forgets it. */
    public void release(Allocation allocation) {
        giveBack(allocation.host, allocation.resources());
        allocation.delete();
    }

    /**
     * Releases the allocation and deletes its row at once, so a new claim for the same instance (on another host)
     * can be written in this transaction.
     */
    public void releaseNow(Allocation allocation) {
        release(allocation);
        entityManager.flush();
    }

    /** Takes resources off the host's usage; the caller changes what held them in the same transaction. */
    public void giveBack(String host, Resources resources) {
        entityManager.createNativeQuery("""
                update host set used_vcpus = used_vcpus - :vcpus,
                                used_memory_mb = used_memory_mb - :memoryMb,
                                used_disk_gb = used_disk_gb - :diskGb
                where name = :host
                """)
                .setParameter("vcpus", resources.vcpus())
                .setParameter("memoryMb", resources.memoryMb())
                .setParameter("diskGb", resources.diskGb())
                .setParameter("host", host)
                .executeUpdate();
    }

    /**
     * Why nothing fits, in words an operator can act on: how many hosts each filter eliminated, counted by the
     * database in one statement.
     */
    public String explainNoValidHost(Resources request, PlacementHints hints, Instant aliveSince) {
        return explainNoValidHost(request, hints, List.of(), aliveSince);
    }

    /** As {@link #explainNoValidHost(Resources, PlacementHints, Instant)}, counting the hosts tried before. */
    public String explainNoValidHost(Resources request, PlacementHints hints, Collection<String> excluded,
            Instant aliveSince) {
        HostFilters filters = HostFilters.of(request, hints, aliveSince, zones).excluding(excluded);
        Object[] counts = (Object[]) filters.bind(entityManager.createNativeQuery(filters.countQuery()))
                .getSingleResult();
        StringBuilder reason = new StringBuilder(String.format("No valid host was found. There are not enough hosts"
                + " available for %d vCPU, %d MiB RAM and %d GiB disk: %d host(s) known", request.vcpus(),
                request.memoryMb(), request.diskGb(), ((Number) counts[0]).longValue()));
        List<HostFilter> chain = filters.filters();
        for (int i = 0; i < chain.size(); i++) {
            long eliminated = ((Number) counts[i]).longValue() - ((Number) counts[i + 1]).longValue();
            reason.append("; ").append(chain.get(i).name()).append(": ").append(eliminated).append(" eliminated");
        }
        long left = ((Number) counts[chain.size()]).longValue();
        if (left > 0) {
            reason.append("; ").append(left).append(" host(s) passed every filter but were taken by concurrent claims");
        }
        return reason.append('.').toString();
    }
}
