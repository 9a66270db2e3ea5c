package dev.kumo.gateway.quotas;

import dev.kumo.gateway.compute.ComputeError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Quota limits (defaults with per-project overrides; -1 is unlimited) and usage counted from the live
 * resources. A check takes the project's advisory lock for the rest of its transaction, so concurrent
 * creates in one project are checked one after the other and can never exceed a limit together.
 */
@ApplicationScoped
public class Quotas {

    public static final int UNLIMITED = -1;

    private final EntityManager entities;

    public Quotas(EntityManager entities) {
        this.entities = entities;
    }

    public Map<QuotaResource, Integer> defaults() {
        Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
        for (Object[] row : rows("select resource, hard_limit from quota_default", null)) {
            QuotaResource.named((String) row[0]).ifPresent(resource -> limits.put(resource, (Integer) row[1]));
        }
        return limits;
    }

    public Map<QuotaResource, Integer> limits(String projectId) {
        Map<QuotaResource, Integer> limits = defaults();
        for (Object[] row : rows("select resource, hard_limit from quota_limit where project_id = ?1", projectId)) {
            QuotaResource.named((String) row[0]).ifPresent(resource -> limits.put(resource, (Integer) row[1]));
        }
        return limits;
    }

    /** What the project uses now: instances, cores and RAM of its live instances, its server groups. */
    public Map<QuotaResource, Long> usage(String projectId) {
        Map<QuotaResource, Long> usage = new EnumMap<>(QuotaResource.class);
        Object[] instances = (Object[]) entities.createNativeQuery("select count(*), coalesce(sum(vcpus), 0),"
                + " coalesce(sum(memory_mb), 0) from instance where project_id = ?1 and deleted_at is null")
                .setParameter(1, projectId).getSingleResult();
        usage.put(QuotaResource.INSTANCES, ((Number) instances[0]).longValue());
        usage.put(QuotaResource.CORES, ((Number) instances[1]).longValue());
        usage.put(QuotaResource.RAM, ((Number) instances[2]).longValue());
        usage.put(QuotaResource.SERVER_GROUPS, count("select count(*) from server_group where project_id = ?1",
                projectId));
        return usage;
    }

    /** Checks a count that is not summed over the project (metadata items, a group's members, a user's keypairs). */
    public void checkCount(String projectId, QuotaResource resource, long wanted) {
        int limit = limits(projectId).getOrDefault(resource, UNLIMITED);
        if (limit != UNLIMITED && wanted > limit) {
            throw ComputeError.forbidden("Quota exceeded for " + resource.key() + ": Requested " + wanted
                    + ", but the limit is " + limit);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void lockProject(String projectId) {
        entities.createNativeQuery("select pg_advisory_xact_lock(hashtext('quota:' || ?1))")
                .setParameter(1, projectId).getSingleResult();
    }

    @Transactional
    public void update(String projectId, Map<QuotaResource, Integer> limits) {
        for (Map.Entry<QuotaResource, Integer> limit : limits.entrySet()) {
            entities.createNativeQuery("insert into quota_limit (project_id, resource, hard_limit) values (?1, ?2, ?3)"
                    + " on conflict (project_id, resource) do update set hard_limit = excluded.hard_limit")
                    .setParameter(1, projectId).setParameter(2, limit.getKey().key()).setParameter(3, limit.getValue())
                    .executeUpdate();
        }
    }

    @Transactional
    public void updateDefaults(Map<QuotaResource, Integer> limits) {
        for (Map.Entry<QuotaResource, Integer> limit : limits.entrySet()) {
            entities.createNativeQuery("update quota_default set hard_limit = ?2 where resource = ?1")
                    .setParameter(1, limit.getKey().key()).setParameter(2, limit.getValue()).executeUpdate();
        }
    }

    @Transactional
    public void reset(String projectId) {
        entities.createNativeQuery("delete from quota_limit where project_id = ?1").setParameter(1, projectId)
                .executeUpdate();
    }

    private long count(String sql, String projectId) {
        return ((Number) entities.createNativeQuery(sql).setParameter(1, projectId).getSingleResult()).longValue();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, String projectId) {
        var query = entities.createNativeQuery(sql);
        if (projectId != null) {
            query.setParameter(1, projectId);
        }
        return query.getResultList();
    }
}
