package dev.kumo.scheduler.hosts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A host's Placement traits: the standard ones its agent reports (COMPUTE_*, HW_CPU_X86_*, kept at each
 * registration) and the CUSTOM_* ones operators set. Every change moves the host's resource provider generation on.
 */
@ApplicationScoped
public class HostTraits {

    public static final String CUSTOM_PREFIX = "CUSTOM_";

    /** Placement's trait name: upper-case letters, digits and underscores, at most 255. */
    private static final Pattern NAME = Pattern.compile("[A-Z0-9_]{1,255}");

    private final EntityManager entityManager;

    public HostTraits(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public static boolean isValidName(String trait) {
        return trait != null && NAME.matcher(trait).matches();
    }

    @SuppressWarnings("unchecked")
    public List<String> of(String host) {
        return entityManager.createNativeQuery("select trait from host_trait where host = :host order by trait")
                .setParameter("host", host).getResultList();
    }

    /**
     * Replaces the host's traits if its generation is still the one the caller read; false (nothing changed) when
     * another change came first.
     */
    public boolean replace(Host host, long generation, List<String> traits) {
        int moved = entityManager.createNativeQuery(
                "update host set generation = generation + 1 where name = :host and generation = :generation")
                .setParameter("host", host.name).setParameter("generation", generation).executeUpdate();
        if (moved == 0) {
            return false;
        }
        entityManager.createNativeQuery("delete from host_trait where host = :host")
                .setParameter("host", host.name).executeUpdate();
        for (String trait : traits) {
            entityManager.createNativeQuery("insert into host_trait (host, trait) values (:host, :trait)")
                    .setParameter("host", host.name).setParameter("trait", trait).executeUpdate();
        }
        entityManager.refresh(host);
        return true;
    }
}
