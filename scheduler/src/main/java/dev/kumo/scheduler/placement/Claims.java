package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.PlacementHints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claims and releases host resources. A claim is one conditional update of the host's usage that
 * succeeds only when the resources are still free at that moment, so two schedulers racing for the
 * last slot cannot both win; the allocation row is written in the same transaction.
 */
@ApplicationScoped
public class Claims {

    private final EntityManager entityManager;
    private final double cpuRatio;
    private final double ramRatio;
    private final double diskRatio;

    public Claims(EntityManager entityManager,
            @ConfigProperty(name = "kumo.scheduler.cpu-allocation-ratio") double cpuRatio,
            @ConfigProperty(name = "kumo.scheduler.ram-allocation-ratio") double ramRatio,
            @ConfigProperty(name = "kumo.scheduler.disk-allocation-ratio") double diskRatio) {
        this.entityManager = entityManager;
        this.cpuRatio = cpuRatio;
        this.ramRatio = ramRatio;
        this.diskRatio = diskRatio;
    }

    /**
     * Up hosts with room for the request that its hints allow, best first: the most free memory (spreading
     * load), after the hosts a soft group policy prefers.
     */
    @SuppressWarnings("unchecked")
    public List<String> candidates(Resources request, PlacementHints hints, Instant aliveSince, int limit) {
        GroupFilter group = GroupFilter.of(hints);
        String sql = "select name from host"
                + " where last_heartbeat_at > :aliveSince"
                // As in Nova, an admin's forced host (availability_zone "zone:host") bypasses its being disabled.
                + (hints.forcedHost() != null ? " and name = :forcedHost" : " and enabled")
                + " and vcpus * :cpuRatio - used_vcpus >= :vcpus"
                + " and memory_mb * :ramRatio - used_memory_mb >= :memoryMb"
                + " and disk_gb * :diskRatio - used_disk_gb >= :diskGb"
                + group.condition()
                + " order by" + group.preference() + " memory_mb * :ramRatio - used_memory_mb desc, name"
                + " limit :limit";
        var query = entityManager.createNativeQuery(sql)
                .setParameter("aliveSince", Timestamp.from(aliveSince))
                .setParameter("cpuRatio", cpuRatio)
                .setParameter("ramRatio", ramRatio)
                .setParameter("diskRatio", diskRatio)
                .setParameter("vcpus", request.vcpus())
                .setParameter("memoryMb", request.memoryMb())
                .setParameter("diskGb", request.diskGb())
                .setParameter("limit", limit);
        if (hints.forcedHost() != null) {
            query.setParameter("forcedHost", hints.forcedHost());
        }
        if (group.usesGroup()) {
            query.setParameter("groupId", hints.groupId());
        }
        return query.getResultList();
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

    /** Claims the request on the host if it still fits; true when the allocation was made. */
    public boolean claim(String host, UUID instanceId, String projectId, Resources request, UUID groupId,
            Instant aliveSince) {
        if (!take(host, request, aliveSince)) {
            return false;
        }
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
        return true;
    }

    /**
     * Adds the request to the up host's usage if it still fits within its capacity; true when it did. The caller
     * records what holds it in the same transaction.
     */
    public boolean take(String host, Resources request, Instant aliveSince) {
        int updated = entityManager.createNativeQuery("""
                update host set used_vcpus = used_vcpus + :vcpus,
                                used_memory_mb = used_memory_mb + :memoryMb,
                                used_disk_gb = used_disk_gb + :diskGb
                where name = :host
                  and last_heartbeat_at > :aliveSince
                  and used_vcpus + :vcpus <= vcpus * :cpuRatio
                  and used_memory_mb + :memoryMb <= memory_mb * :ramRatio
                  and used_disk_gb + :diskGb <= disk_gb * :diskRatio
                """)
                .setParameter("vcpus", request.vcpus())
                .setParameter("memoryMb", request.memoryMb())
                .setParameter("diskGb", request.diskGb())
                .setParameter("host", host)
                .setParameter("aliveSince", Timestamp.from(aliveSince))
                .setParameter("cpuRatio", cpuRatio)
                .setParameter("ramRatio", ramRatio)
                .setParameter("diskRatio", diskRatio)
                .executeUpdate();
        return updated > 0;
    }

    /** Gives an allocation's resources back to its host and forgets it. */
    public void release(Allocation allocation) {
        giveBack(allocation.host, allocation.resources());
        allocation.delete();
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

    /** Why nothing fits, in words an operator can act on. */
    public String explainNoValidHost(Resources request, PlacementHints hints, Instant aliveSince) {
        Object[] counts = (Object[]) entityManager.createNativeQuery("""
                select count(*), count(*) filter (where last_heartbeat_at > :aliveSince),
                       count(*) filter (where last_heartbeat_at > :aliveSince and enabled) from host
                """)
                .setParameter("aliveSince", Timestamp.from(aliveSince))
                .getSingleResult();
        long known = ((Number) counts[0]).longValue();
        long up = ((Number) counts[1]).longValue();
        long enabled = ((Number) counts[2]).longValue();
        String constraints = "";
        if (hints.forcedHost() != null) {
            constraints += " on the requested host " + hints.forcedHost();
        }
        if (GroupFilter.of(hints).usesGroup()) {
            constraints += " that server group " + hints.groupId() + "'s " + hints.groupPolicy()
                    + " policy allows";
        }
        return String.format("No valid host was found. There are not enough hosts available: %d host(s) known,"
                + " %d up, %d of them enabled, none of those%s with %d vCPU, %d MiB RAM and %d GiB disk free.",
                known, up, enabled, constraints, request.vcpus(), request.memoryMb(), request.diskGb());
    }
}
