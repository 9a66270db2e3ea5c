package dev.kumo.network.securitygroups;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Each project's {@code default} security group, made the first time the project needs one (it lists groups,
 * or creates a port), with Neutron's default rules: all egress, and ingress from members of the group itself,
 * for IPv4 and IPv6. A transaction-scoped advisory lock makes concurrent first uses create it once; the partial
 * unique index on (project) where is_default backs that up.
 */
@ApplicationScoped
public class DefaultSecurityGroup {

    private final EntityManager entityManager;
    private final Clock clock;

    public DefaultSecurityGroup(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    public SecurityGroup of(String projectId) {
        SecurityGroup existing = find(projectId);
        if (existing != null) {
            return existing;
        }
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "default-security-group:" + projectId).getSingleResult();
        existing = find(projectId);
        return existing != null ? existing : create(projectId);
    }

    private SecurityGroup find(String projectId) {
        return SecurityGroup.<SecurityGroup>find("projectId = ?1 and isDefault = true", projectId).firstResult();
    }

    private SecurityGroup create(String projectId) {
        Instant now = Instant.now(clock);
        SecurityGroup group = new SecurityGroup();
        group.id = UUID.randomUUID();
        group.projectId = projectId;
        group.name = "default";
        group.description = "Default security group";
        group.isDefault = true;
        group.stateful = true;
        group.createdAt = now;
        group.updatedAt = now;
        group.persist();
        for (String ethertype : new String[] {"IPv4", "IPv6"}) {
            rule(group, "egress", ethertype, null, now);
            rule(group, "ingress", ethertype, group.id, now);
        }
        entityManager.flush();
        return group;
    }

    private static void rule(SecurityGroup group, String direction, String ethertype, UUID remoteGroupId, Instant now) {
        SecurityGroupRule rule = new SecurityGroupRule();
        rule.id = UUID.randomUUID();
        rule.securityGroupId = group.id;
        rule.projectId = group.projectId;
        rule.direction = direction;
        rule.ethertype = ethertype;
        rule.remoteGroupId = remoteGroupId;
        rule.description = "";
        rule.createdAt = now;
        rule.updatedAt = now;
        rule.persist();
    }
}
