package dev.kumo.network.subnets;

import dev.kumo.network.ipam.Cidr;
import dev.kumo.network.ipam.IpAddress;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A subnet: an IPv4 or IPv6 prefix on a network, with the pools IPAM hands addresses out of. */
@Entity
@Table(name = "subnet")
public class Subnet extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "network_id")
    public UUID networkId;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public String description;
    @Column(name = "ip_version")
    public int ipVersion;
    public String cidr;
    @Column(name = "gateway_ip")
    public String gatewayIp;
    @Column(name = "enable_dhcp")
    public boolean enableDhcp;
    @Column(name = "ipv6_ra_mode")
    public String ipv6RaMode;
    @Column(name = "ipv6_address_mode")
    public String ipv6AddressMode;
    /** {@code [{"start": ..., "end": ...}]}, in order. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "allocation_pools")
    public List<Map<String, String>> allocationPools = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "dns_nameservers")
    public List<String> dnsNameservers = new ArrayList<>();
    /** {@code [{"destination": ..., "nexthop": ...}]}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "host_routes")
    public List<Map<String, String>> hostRoutes = new ArrayList<>();
    @Column(name = "revision_number")
    public long revisionNumber;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public Cidr prefix() {
        return Cidr.parse(cidr).orElseThrow();
    }

    public IpAddress gateway() {
        return gatewayIp == null ? null : IpAddress.parse(gatewayIp).orElseThrow();
    }

    /** SLAAC (and DHCPv6-stateless) subnets give each port the address its MAC makes (EUI-64). */
    public boolean isAutoAddressed() {
        return ipVersion == 6 && ("slaac".equals(ipv6AddressMode) || "dhcpv6-stateless".equals(ipv6AddressMode));
    }

    public static List<Subnet> onNetwork(UUID networkId) {
        return list("networkId = ?1 order by createdAt, id", networkId);
    }

    public void touch(Instant now) {
        updatedAt = now;
        revisionNumber++;
    }
}
