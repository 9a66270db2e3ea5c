package dev.kumo.network.ipam;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** One address of a subnet held by a port. Its key (subnet, address) is what rules out a duplicate. */
@Entity
@Table(name = "ip_allocation")
@IdClass(IpAllocation.Key.class)
public class IpAllocation extends PanacheEntityBase {

    @Id
    @Column(name = "subnet_id")
    public UUID subnetId;
    @Id
    @Column(name = "ip_address")
    public String ipAddress;
    @Column(name = "port_id")
    public UUID portId;
    @Column(name = "network_id")
    public UUID networkId;
    public int position;

    public record Key(UUID subnetId, String ipAddress) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public static List<IpAllocation> ofPort(UUID portId) {
        return list("portId = ?1 order by position", portId);
    }

    public static List<IpAllocation> ofPorts(Collection<UUID> portIds) {
        return portIds.isEmpty() ? List.of() : list("portId in ?1 order by position", portIds);
    }

    public static long inSubnet(UUID subnetId) {
        return count("subnetId", subnetId);
    }
}
