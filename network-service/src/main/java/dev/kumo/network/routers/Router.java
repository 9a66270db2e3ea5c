package dev.kumo.network.routers;

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

/**
 * A router: connects its interface subnets, and through its gateway (a port on an external network) gives them
 * SNAT and floating IPs.
 */
@Entity
@Table(name = "router")
public class Router extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public String description;
    @Column(name = "admin_state_up")
    public boolean adminStateUp;
    public String status;
    @Column(name = "external_network_id")
    public UUID externalNetworkId;
    @Column(name = "enable_snat")
    public boolean enableSnat;
    /** Static routes (extraroute): {@code [{"destination": ..., "nexthop": ...}]}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Map<String, String>> routes = new ArrayList<>();
    @Column(name = "revision_number")
    public long revisionNumber;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public void touch(Instant now) {
        updatedAt = now;
        revisionNumber++;
    }
}
