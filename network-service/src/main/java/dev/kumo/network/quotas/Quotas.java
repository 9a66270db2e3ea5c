package dev.kumo.network.quotas;

import dev.kumo.network.errors.NeutronError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Neutron's quotas: a limit per project and resource (the configured default unless an admin set one), and
 * the check that a create stays within it. The check holds a transaction-scoped PostgreSQL advisory lock on
 * (project, resource) while it counts, so concurrent creates in one project are counted one after the other
 * and cannot together exceed the limit.
 */
@ApplicationScoped
public class Quotas {

    /** Each resource and the table its usage is counted in. */
    static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("network", "network");
        TABLES.put("subnet", "subnet");
        TABLES.put("port", "port");
        TABLES.put("router", "router");
        TABLES.put("floatingip", "floating_ip");
        TABLES.put("security_group", "security_group");
        TABLES.put("security_group_rule", "security_group_rule");
    }

    private final EntityManager entityManager;
    private final Config config;

    public Quotas(EntityManager entityManager, Config config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    /**
     * Fails with 409 OverQuota unless the project may create {@code adding} more of the resource. Call it in
     * the creating transaction, before the insert; the lock lasts until that transaction ends.
     */
    public void claim(String projectId, String resource, int adding) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "quota:" + projectId + ":" + resource).getSingleResult();
        int limit = limit(projectId, resource);
        if (limit < 0) {
            return;
        }
        if (used(projectId, resource) + adding > limit) {
            throw NeutronError.conflict("OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
        }
    }

    public int limit(String projectId, String resource) {
        Quota quota = Quota.findById(new Quota.Key(projectId, resource));
        return quota != null ? quota.hardLimit : defaultLimit(resource);
    }

    public int defaultLimit(String resource) {
        return config.getValue("kumo.network.quota." + resource, Integer.class);
    }

    public long used(String projectId, String resource) {
        entityManager.flush();
        Number count = (Number) entityManager.createNativeQuery(
                "select count(*) from " + TABLES.get(resource) + " where project_id = :project")
                .setParameter("project", projectId).getSingleResult();
        return count.longValue();
    }

    public Map<String, Object> limits(String projectId) {
        Map<String, Object> limits = new LinkedHashMap<>();
        TABLES.keySet().forEach(resource -> limits.put(resource, limit(projectId, resource)));
        return limits;
    }

    public Map<String, Object> defaults() {
        Map<String, Object> limits = new LinkedHashMap<>();
        TABLES.keySet().forEach(resource -> limits.put(resource, defaultLimit(resource)));
        return limits;
    }

    public Map<String, Object> details(String projectId) {
        Map<String, Object> details = new LinkedHashMap<>();
        TABLES.keySet().forEach(resource -> details.put(resource,
                Map.of("used", used(projectId, resource), "limit", limit(projectId, resource), "reserved", 0)));
        return details;
    }

    public static boolean isResource(String name) {
        return TABLES.containsKey(name);
    }
}
