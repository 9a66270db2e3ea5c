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

    public static Optional<Flavor> byId(String id) {
        return findByIdOptional(id);
    }

    public static List<Flavor> publicOnes() {
        return list("isPublic = true and disabled = false order by ramMb, id");
    }
}
