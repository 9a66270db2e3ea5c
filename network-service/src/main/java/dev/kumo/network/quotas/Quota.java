package dev.kumo.network.quotas;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** An admin's override of one resource's quota for one project. */
@Entity
@Table(name = "quota")
@IdClass(Quota.Key.class)
public class Quota extends PanacheEntityBase {

    @Id
    @Column(name = "project_id")
    public String projectId;
    @Id
    public String resource;
    @Column(name = "hard_limit")
    public int hardLimit;

    public record Key(String projectId, String resource) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
