package dev.kumo.scheduler.aggregates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Availability zones: a host is in the zone its aggregates' {@code availability_zone} metadata names, or in the
 * default zone ({@code kumo.scheduler.default-availability-zone}, Nova's {@code nova}) when none does. The zone is
 * also kept on the host row, where placement filters by it.
 */
@ApplicationScoped
public class Zones {

    private final EntityManager entityManager;
    private final String defaultZone;

    public Zones(EntityManager entityManager,
            @ConfigProperty(name = "kumo.scheduler.default-availability-zone") String defaultZone) {
        this.entityManager = entityManager;
        this.defaultZone = defaultZone;
    }

    public String defaultZone() {
        return defaultZone;
    }

    /**
     * The condition on {@code host} that keeps the hosts of the zone (parameter {@code zone}): the column
     * {@code host.availability_zone}, which {@link #refresh} keeps, null for the default zone.
     */
    public String condition(String zone) {
        return defaultZone.equals(zone) ? "availability_zone is null" : "availability_zone = :zone";
    }

    /**
     * Sets the hosts' {@code availability_zone} from their aggregates after a change to them (the caller's pending
     * changes are flushed first); a host in no zone aggregate, or in one naming the default zone, gets null.
     */
    public void refresh(java.util.Collection<String> hosts) {
        if (hosts.isEmpty()) {
            return;
        }
        entityManager.flush();
        entityManager.createNativeQuery("""
                update host set availability_zone = nullif((
                    select min(am.value) from aggregate_host ah
                    join aggregate_metadata am on am.aggregate_id = ah.aggregate_id and am.key = 'availability_zone'
                    where ah.host = host.name), :defaultZone)
                where name in (:hosts)
                """)
                .setParameter("defaultZone", defaultZone)
                .setParameter("hosts", List.copyOf(hosts))
                .executeUpdate();
    }

    /** The zones the host's aggregates name, leaving one aggregate out (null: none). */
    @SuppressWarnings("unchecked")
    public List<String> zonesOf(String host, Long except) {
        return entityManager.createNativeQuery("""
                select distinct am.value from aggregate_host ah
                join aggregate_metadata am on am.aggregate_id = ah.aggregate_id and am.key = 'availability_zone'
                where ah.host = :host and ah.aggregate_id <> :except
                """)
                .setParameter("host", host)
                .setParameter("except", except == null ? -1L : except)
                .getResultList();
    }

    public List<String> zonesOf(String host) {
        return zonesOf(host, null);
    }

    /** The zone of every host some aggregate puts in one; the others are in the default zone. */
    @SuppressWarnings("unchecked")
    public Map<String, String> zonedHosts() {
        Map<String, String> zones = new HashMap<>();
        List<Object[]> rows = entityManager.createNativeQuery(
                "select name, availability_zone from host where availability_zone is not null").getResultList();
        rows.forEach(row -> zones.put((String) row[0], (String) row[1]));
        return zones;
    }

    public String zoneOf(String host) {
        List<String> zones = zonesOf(host);
        return zones.isEmpty() ? defaultZone : zones.get(0);
    }
}
