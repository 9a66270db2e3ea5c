package dev.kumo.gateway.servergroups;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A server group: instances the scheduler keeps together (affinity) or apart (anti-affinity). */
@Entity
@Table(name = "server_group")
public class ServerGroup extends PanacheEntityBase {

    public static final Set<String> POLICIES = Set.of("affinity", "anti-affinity");
    public static final Set<String> SOFT_POLICIES = Set.of("soft-affinity", "soft-anti-affinity");

    @Id
    public UUID id;

    public String name;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "user_id")
    public String userId;

    public String policy;

    @Column(name = "max_server_per_host")
    public Integer maxServerPerHost;

    @Column(name = "created_at")
    public Instant createdAt;

    @ElementCollection
    @CollectionTable(name = "server_group_member", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "instance_id")
    public Set<UUID> members = new LinkedHashSet<>();

    /** A group the project can see; admins see every project's. */
    public static Optional<ServerGroup> visible(UUID id, String projectId) {
        return ServerGroup.<ServerGroup>findByIdOptional(id)
                .filter(group -> projectId == null || projectId.equals(group.projectId));
    }

    public static List<ServerGroup> ofProject(String projectId) {
        return projectId == null ? list("order by createdAt, id") : list("projectId = ?1 order by createdAt, id",
                projectId);
    }

    public static long countOfProject(String projectId) {
        return count("projectId", projectId);
    }
}
