package dev.kumo.network.securitygroups;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One rule of a security group: traffic of a direction, ethertype, protocol and port range, from or to a remote. */
@Entity
@Table(name = "security_group_rule")
public class SecurityGroupRule extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "security_group_id")
    public UUID securityGroupId;
    @Column(name = "project_id")
    public String projectId;
    public String direction;
    public String ethertype;
    public String protocol;
    @Column(name = "port_range_min")
    public Integer portRangeMin;
    @Column(name = "port_range_max")
    public Integer portRangeMax;
    @Column(name = "remote_ip_prefix")
    public String remoteIpPrefix;
    @Column(name = "remote_group_id")
    public UUID remoteGroupId;
    public String description;
    @Column(name = "revision_number")
    public long revisionNumber;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static List<SecurityGroupRule> ofGroup(UUID securityGroupId) {
        return list("securityGroupId = ?1 order by createdAt, id", securityGroupId);
    }

    /** Whether the two rules admit the same traffic (Neutron refuses such a duplicate). */
    public boolean sameAs(SecurityGroupRule other) {
        return direction.equals(other.direction) && ethertype.equals(other.ethertype)
                && Objects.equals(protocol, other.protocol) && Objects.equals(portRangeMin, other.portRangeMin)
                && Objects.equals(portRangeMax, other.portRangeMax) && Objects.equals(remoteIpPrefix, other.remoteIpPrefix)
                && Objects.equals(remoteGroupId, other.remoteGroupId);
    }
}
