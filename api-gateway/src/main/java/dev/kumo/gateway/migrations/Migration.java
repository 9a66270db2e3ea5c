package dev.kumo.gateway.migrations;

import dev.kumo.contracts.Resources;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One move of an instance between flavors (a resize) or hosts (a cold or live migration), with Nova's statuses:
 * a resize or cold migration goes pre-migrating → finished (waiting for confirm or revert) → confirmed, or →
 * reverting → reverted; a live migration goes running → completed; error when it could not be done.
 */
@Entity
@Table(name = "migration")
public class Migration extends PanacheEntityBase {

    public static final String PRE_MIGRATING = "pre-migrating";
    public static final String FINISHED = "finished";
    public static final String CONFIRMED = "confirmed";
    public static final String REVERTING = "reverting";
    public static final String REVERTED = "reverted";
    public static final String ERROR = "error";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String RESIZE = "resize";
    public static final String MIGRATION = "migration";
    public static final String LIVE_MIGRATION = "live-migration";

    private static final Set<String> OPEN = Set.of(PRE_MIGRATING, FINISHED, REVERTING, RUNNING);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID uuid;

    @Column(name = "instance_id")
    public UUID instanceId;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "migration_type")
    public String migrationType;

    public String status;

    @Column(name = "source_host")
    public String sourceHost;

    @Column(name = "dest_host")
    public String destHost;

    @Column(name = "old_flavor_id")
    public String oldFlavorId;

    @Column(name = "new_flavor_id")
    public String newFlavorId;

    @Column(name = "old_vcpus")
    public int oldVcpus;

    @Column(name = "old_memory_mb")
    public long oldMemoryMb;

    @Column(name = "old_disk_gb")
    public long oldDiskGb;

    /** What the instance was before (active or stopped), which a confirm or revert brings back. */
    @Column(name = "old_vm_state")
    public String oldVmState;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Resources oldResources() {
        return new Resources(oldVcpus, oldMemoryMb, oldDiskGb);
    }

    public void moveTo(String newStatus, Instant at) {
        status = newStatus;
        updatedAt = at;
    }

    public boolean movesHosts() {
        return MIGRATION.equals(migrationType) || LIVE_MIGRATION.equals(migrationType);
    }

    public boolean isOpen() {
        return OPEN.contains(status);
    }

    public static Optional<Migration> byUuid(UUID uuid) {
        return Migration.<Migration>find("uuid", uuid).firstResultOptional();
    }

    /** The instance's live migrations under way, newest first (GET /servers/{id}/migrations). */
    public static List<Migration> liveInProgressOf(UUID instanceId) {
        return Migration.<Migration>find("instanceId = ?1 and migrationType = ?2 order by createdAt desc",
                instanceId, LIVE_MIGRATION).stream().filter(Migration::isOpen).toList();
    }

    /** The instance's migration still under way (not confirmed, reverted or failed), if any. */
    public static Optional<Migration> openOf(UUID instanceId) {
        return Migration.<Migration>find("instanceId = ?1 order by createdAt desc", instanceId).stream()
                .filter(migration -> OPEN.contains(migration.status))
                .findFirst();
    }

    /** Migrations newest first, optionally of one instance, host or status (os-migrations filters). */
    public static List<Migration> listed(String host, String status, String instanceId, String type) {
        StringBuilder query = new StringBuilder("1 = 1");
        java.util.Map<String, Object> parameters = new java.util.HashMap<>();
        if (host != null) {
            query.append(" and (sourceHost = :host or destHost = :host)");
            parameters.put("host", host);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.put("status", status);
        }
        if (instanceId != null) {
            query.append(" and cast(instanceId as string) = :instanceId");
            parameters.put("instanceId", instanceId);
        }
        if (type != null) {
            query.append(" and migrationType = :type");
            parameters.put("type", type);
        }
        return find(query + " order by createdAt desc", parameters).list();
    }
}
