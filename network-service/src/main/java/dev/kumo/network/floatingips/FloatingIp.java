package dev.kumo.network.floatingips;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A floating IP: an external network's address, translated by a router to a port's fixed IP while associated. */
@Entity
@Table(name = "floating_ip")
public class FloatingIp extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "floating_network_id")
    public UUID floatingNetworkId;
    @Column(name = "floating_ip_address")
    public String floatingIpAddress;
    @Column(name = "floating_port_id")
    public UUID floatingPortId;
    @Column(name = "port_id")
    public UUID portId;
    @Column(name = "fixed_ip_address")
    public String fixedIpAddress;
    @Column(name = "router_id")
    public UUID routerId;
    public String status;
    public String description;
    @Column(name = "revision_number")
    public long revisionNumber;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public void disassociate(Instant now) {
        portId = null;
        fixedIpAddress = null;
        routerId = null;
        status = "DOWN";
        touch(now);
    }

    public void touch(Instant now) {
        updatedAt = now;
        revisionNumber++;
    }

    /** A deleted port takes no floating IP with it: the floating IP stays, unassociated. Returns how many it had. */
    public static int disassociateFrom(UUID portId, Instant now) {
        List<FloatingIp> associated = FloatingIp.list("portId", portId);
        associated.forEach(floatingIp -> floatingIp.disassociate(now));
        return associated.size();
    }

    /** The floating IPs translated to the port's fixed IPs, oldest first. */
    public static List<FloatingIp> ofPort(UUID portId) {
        return list("portId = ?1 order by createdAt, id", portId);
    }
}
