package dev.kumo.gateway.flavors;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;

/** A private flavor shared with a project. */
@Entity
@Table(name = "flavor_access")
@IdClass(FlavorAccess.Key.class)
public class FlavorAccess extends PanacheEntityBase {

    @Id
    @Column(name = "flavor_id")
    public String flavorId;

    @Id
    @Column(name = "project_id")
    public String projectId;

    public static boolean granted(String flavorId, String projectId) {
        return projectId != null && count("flavorId = ?1 and projectId = ?2", flavorId, projectId) > 0;
    }

    public static List<FlavorAccess> of(String flavorId) {
        return list("flavorId = ?1 order by projectId", flavorId);
    }

    /** The composite key: one row per flavor and project. */
    public static class Key implements Serializable {

        public String flavorId;
        public String projectId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(flavorId, key.flavorId)
                    && java.util.Objects.equals(projectId, key.projectId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(flavorId, projectId);
        }
    }
}
