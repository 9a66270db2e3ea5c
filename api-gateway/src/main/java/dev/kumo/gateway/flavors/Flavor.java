package dev.kumo.gateway.flavors;

import dev.kumo.contracts.Resources;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Optional;

/** A flavor: the size of an instance in vCPUs, RAM and disk. */
@Entity
@Table(name = "flavor")
public class Flavor extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public int vcpus;

    @Column(name = "ram_mb")
    public int ramMb;

    @Column(name = "disk_gb")
    public int diskGb;

    @Column(name = "ephemeral_gb")
    public int ephemeralGb;

    @Column(name = "swap_mb")
    public int swapMb;

    @Column(name = "rxtx_factor")
    public float rxtxFactor;

    @Column(name = "is_public")
    public boolean isPublic;

    public boolean disabled;

    public String description;

    public Resources resources() {
        return new Resources(vcpus, ramMb, (long) diskGb + ephemeralGb);
    }

    @Column(name = "created_at")
    public java.time.Instant createdAt;

    /** The flavor's extra specs, by key. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, String> extraSpecs(String id) {
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("select key, value from flavor_extra_spec where flavor_id = ?1")
                .setParameter(1, id).getResultList();
        java.util.Map<String, String> specs = new java.util.TreeMap<>();
        rows.forEach(row -> specs.put((String) row[0], (String) row[1]));
        return specs;
    }

    public static Optional<Flavor> byId(String id) {
        return findByIdOptional(id);
    }

    /** The flavor if the project may use it: public ones, private ones shared with it; admins see all. */
    public static Optional<Flavor> visible(String id, String projectId, boolean admin) {
        return Flavor.<Flavor>findByIdOptional(id).filter(flavor -> admin || flavor.isPublic
                || FlavorAccess.granted(flavor.id, projectId));
    }

    /**
     * Flavors a listing shows, in flavor id order: {@code isPublic} true (public ones and those shared with
     * the project), false (private only; admins), or null (all; admins).
     */
    public static List<Flavor> listed(Boolean isPublic, String projectId, boolean admin, int minRam, int minDisk) {
        String sizes = "ramMb >= ?1 and diskGb >= ?2";
        if (admin && isPublic == null) {
            return list(sizes + " order by id", minRam, minDisk);
        }
        if (admin && !isPublic) {
            return list(sizes + " and isPublic = false order by id", minRam, minDisk);
        }
        return list(sizes + " and (isPublic = true or id in"
                + " (select a.flavorId from FlavorAccess a where a.projectId = ?3)) order by id",
                minRam, minDisk, projectId);
    }

    public static List<Flavor> publicOnes() {
        return list("isPublic = true and disabled = false order by ramMb, id");
    }
}
