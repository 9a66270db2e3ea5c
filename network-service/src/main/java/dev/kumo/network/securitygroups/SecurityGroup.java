package dev.kumo.network.securitygroups;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A security group: a project's named set of rules that ports in it are filtered by. */
@Entity
@Table(name = "security_group")
public class SecurityGroup extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public String description;
    @Column(name = "is_default")
    public boolean isDefault;
    public boolean stateful;
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
