package dev.kumo.network.networks;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A layer-2 network: a project's own, shared with every project, or external (where floating IPs come from). */
@Entity
@Table(name = "network")
public class Network extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public String description;
    public String status;
    @Column(name = "admin_state_up")
    public boolean adminStateUp;
    public boolean shared;
    public boolean external;
    public int mtu;
    @Column(name = "port_security_enabled")
    public boolean portSecurityEnabled;
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
