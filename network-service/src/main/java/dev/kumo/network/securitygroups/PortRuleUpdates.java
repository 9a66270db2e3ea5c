package dev.kumo.network.securitygroups;

import dev.kumo.contracts.host.UpdatePortRules;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.network.securitygroups.PortRules.GroupRule;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends each port on a host its security-group rules again when they change ({@code host.update-port-rules}, through
 * the outbox, in the transaction of the change). Only ports bound to a host and plugged into a server
 * ({@code device_owner compute:*}, {@code device_id} the instance's UUID) get one: the others have no host that
 * filters them. Four queries whatever the number of ports: the ports reached, their groups, those groups' rules,
 * and the addresses of the remote groups' members.
 *
 * <p>The rules are computed at the end of the transaction under a transaction-scoped advisory lock: two changes
 * committed at once cannot both compute from a state without the other's change, since the second waits for the
 * first to commit and then reads it; and its message, written later, is published later.
 */
@ApplicationScoped
public class PortRuleUpdates {

    private static final Logger LOG = Logger.getLogger(PortRuleUpdates.class);
    private static final long LOCK = 0x6b756d6f_72756c65L; // "kumorule"

    private final EntityManager entityManager;
    private final Outbox outbox;

    public PortRuleUpdates(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /** Publishes the new rules of every bound port the changes reach; call it last in the transaction. */
    public void publish(PortRuleChanges changes) {
        if (changes.isEmpty()) {
            return;
        }
        entityManager.flush();
        entityManager.createNativeQuery("select pg_advisory_xact_lock(:lock)").setParameter("lock", LOCK)
                .getSingleResult();
        List<BoundPort> ports = portsReached(changes);
        if (ports.isEmpty()) {
            return;
        }
        Map<UUID, List<UUID>> groupsByPort = groupsOf(ports.stream().map(BoundPort::id).toList());
        Map<UUID, List<GroupRule>> rulesByGroup = rulesOf(groupsByPort.values().stream().flatMap(List::stream)
                .distinct().toList());
        Map<UUID, List<String>> addressesByGroup = memberAddressesOf(rulesByGroup.values().stream()
                .flatMap(List::stream).map(GroupRule::remoteGroupId).filter(id -> id != null).distinct().toList());
        for (BoundPort port : ports) {
            List<PortRule> rules = PortRules.resolve(groupsByPort.getOrDefault(port.id(), List.of()), rulesByGroup,
                    addressesByGroup);
            outbox.publish(new UpdatePortRules(port.host(), port.instanceId(), port.id().toString(), rules));
            LOG.debugf("port %s of instance %s on host %s: %d rule(s) sent", port.id(), port.instanceId(),
                    port.host(), rules.size());
        }
    }

    /** The groups of the ports holding addresses of the subnet: their members' addresses change with it. */
    @SuppressWarnings("unchecked")
    public List<UUID> groupsWithAddressesIn(UUID subnet) {
        return entityManager.createNativeQuery("select distinct m.security_group_id from port_security_group m"
                + " join ip_allocation a on a.port_id = m.port_id where a.subnet_id = :subnet")
                .setParameter("subnet", subnet).getResultList();
    }

    private record BoundPort(UUID id, UUID instanceId, String host) {
    }

    private List<BoundPort> portsReached(PortRuleChanges changes) {
        List<String> reached = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (!changes.portsWithChangedGroups.isEmpty()) {
            reached.add("p.id in (:ports)");
            parameters.put("ports", changes.portsWithChangedGroups);
        }
        if (!changes.groupsWithChangedRules.isEmpty()) {
            reached.add("exists (select 1 from port_security_group m where m.port_id = p.id"
                    + " and m.security_group_id in (:ruleGroups))");
            parameters.put("ruleGroups", changes.groupsWithChangedRules);
        }
        if (!changes.groupsWithChangedMembers.isEmpty()) {
            reached.add("exists (select 1 from port_security_group m join security_group_rule r"
                    + " on r.security_group_id = m.security_group_id where m.port_id = p.id"
                    + " and r.remote_group_id in (:memberGroups))");
            parameters.put("memberGroups", changes.groupsWithChangedMembers);
        }
        var query = entityManager.createNativeQuery("select p.id, p.device_id, p.binding_host_id from port p"
                + " where p.binding_host_id <> '' and p.device_owner like 'compute:%' and ("
                + String.join(" or ", reached) + ") order by p.id");
        parameters.forEach(query::setParameter);
        List<BoundPort> ports = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            instanceId((String) columns[1]).ifPresent(instance ->
                    ports.add(new BoundPort((UUID) columns[0], instance, (String) columns[2])));
        }
        return ports;
    }

    private Map<UUID, List<UUID>> groupsOf(List<UUID> ports) {
        Map<UUID, List<UUID>> groups = new LinkedHashMap<>();
        for (Object[] row : rows("select port_id, security_group_id from port_security_group where port_id in (:ids)"
                + " order by port_id, security_group_id", ports)) {
            groups.computeIfAbsent((UUID) row[0], port -> new ArrayList<>()).add((UUID) row[1]);
        }
        return groups;
    }

    private Map<UUID, List<GroupRule>> rulesOf(List<UUID> groups) {
        Map<UUID, List<GroupRule>> rules = new LinkedHashMap<>();
        for (Object[] row : rows("select security_group_id, direction, ethertype, protocol, port_range_min,"
                + " port_range_max, remote_ip_prefix, remote_group_id from security_group_rule"
                + " where security_group_id in (:ids) order by id", groups)) {
            rules.computeIfAbsent((UUID) row[0], group -> new ArrayList<>()).add(new GroupRule((String) row[1],
                    (String) row[2], (String) row[3], (Integer) row[4], (Integer) row[5], (String) row[6],
                    (UUID) row[7]));
        }
        return rules;
    }

    private Map<UUID, List<String>> memberAddressesOf(List<UUID> groups) {
        Map<UUID, List<String>> addresses = new LinkedHashMap<>();
        for (Object[] row : rows("select m.security_group_id, a.ip_address from port_security_group m"
                + " join ip_allocation a on a.port_id = m.port_id where m.security_group_id in (:ids)"
                + " order by m.port_id, a.position", groups)) {
            addresses.computeIfAbsent((UUID) row[0], group -> new ArrayList<>()).add((String) row[1]);
        }
        return addresses;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return entityManager.createNativeQuery(sql).setParameter("ids", ids).getResultList();
    }

    private static Optional<UUID> instanceId(String deviceId) {
        try {
            UUID id = UUID.fromString(deviceId);
            return id.toString().equalsIgnoreCase(deviceId) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
