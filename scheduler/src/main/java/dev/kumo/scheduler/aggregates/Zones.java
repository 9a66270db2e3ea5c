package dev.kumo.scheduler.aggregates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Availability zones: a host is in the zone its aggregates' {@code availability_zone} metadata names, or in the
 * default zone ({@code kumo.scheduler.default-availability-zone}, Nova's {@code nova}) when none does.
 */
@ApplicationScoped
public class Zones {

    /** The hosts of zone :zone, as a subquery; the index aggregate_zone finds them. */
    public static final String HOSTS_IN_ZONE = "(select ah.host from aggregate_host ah join aggregate_metadata am"
            + " on am.aggregate_id = ah.aggregate_id where am.key = 'availability_zone' and am.value = :zone)";
    /** The hosts some aggregate puts in a zone other than :zone, as a subquery. */
    public static final String HOSTS_IN_OTHER_ZONES = "(select ah.host from aggregate_host ah join aggregate_metadata am"
            + " on am.aggregate_id = ah.aggregate_id where am.key = 'availability_zone' and am.value <> :zone)";

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
     * The condition on {@code host} (parameter {@code zone}) that keeps the hosts of the zone: those an aggregate
     * puts there, and for the default zone also those no aggregate puts anywhere else.
     */
    public String condition(String zone) {
        return defaultZone.equals(zone) ? "name not in " + HOSTS_IN_OTHER_ZONES : "name in " + HOSTS_IN_ZONE;
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
        List<Object[]> rows = entityManager.createNativeQuery("""
                select ah.host, min(am.value) from aggregate_host ah
                join aggregate_metadata am on am.aggregate_id = ah.aggregate_id and am.key = 'availability_zone'
                group by ah.host
                """).getResultList();
        rows.forEach(row -> zones.put((String) row[0], (String) row[1]));
        return zones;
    }

    public String zoneOf(String host) {
        List<String> zones = zonesOf(host);
        return zones.isEmpty() ? defaultZone : zones.get(0);
    }
}
