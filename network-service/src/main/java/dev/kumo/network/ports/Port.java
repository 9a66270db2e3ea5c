package dev.kumo.network.ports;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A port: a MAC address on a network, its fixed IPs (see {@code ipam}), the device it is plugged into. */
@Entity
@Table(name = "port")
public class Port extends PanacheEntityBase {

    public static final String ROUTER_INTERFACE = "network:router_interface";
    public static final String ROUTER_GATEWAY = "network:router_gateway";
    public static final String FLOATING_IP = "network:floatingip";

    @Id
    public UUID id;
    @Column(name = "network_id")
    public UUID networkId;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public String description;
    @Column(name = "mac_address")
    public String macAddress;
    @Column(name = "admin_state_up")
    public boolean adminStateUp;
    public String status;
    @Column(name = "device_id")
    public String deviceId;
    @Column(name = "device_owner")
    public String deviceOwner;
    @Column(name = "binding_host_id")
    public String bindingHostId;
    @Column(name = "binding_vnic_type")
    public String bindingVnicType;
    @Column(name = "port_security_enabled")
    public boolean portSecurityEnabled;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "allowed_address_pairs")
    public List<Map<String, String>> allowedAddressPairs = new ArrayList<>();
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "port_security_group", joinColumns = @JoinColumn(name = "port_id"))
    @Column(name = "security_group_id")
    public Set<UUID> securityGroups = new LinkedHashSet<>();
    @Column(name = "revision_number")
    public long revisionNumber;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Ports Neutron itself owns for routers and floating IPs: not deleted, nor re-plugged, through the port API. */
    public boolean isNetworkOwned() {
        return deviceOwner.startsWith("network:");
    }

    public void touch(Instant now) {
        updatedAt = now;
        revisionNumber++;
    }
}
