package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Resources;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The resources one instance holds on one host. */
@Entity
@Table(name = "allocation")
public class Allocation extends PanacheEntityBase {

    /** Hibernate's lock timeout for {@code for update skip locked}. */
    private static final int SKIP_LOCKED = -2;

    /** CLAIMED while the instance may run; RELEASING once its host was told to destroy it. */
    public enum State { CLAIMED, RELEASING }

    @Id
    @Column(name = "instance_id")
    public UUID instanceId;

    public String host;

    @Column(name = "project_id")
    public String projectId;

    public int vcpus;

    @Column(name = "memory_mb")
    public long memoryMb;

    @Column(name = "disk_gb")
    public long diskGb;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "server_group_id")
    public UUID serverGroupId;

    @Column(name = "releasing_since")
    public Instant releasingSince;

    /** Set on what a migration holds: the instance whose old flavor's resources these are. */
    @Column(name = "migration_of")
    public UUID migrationOf;

    public Resources resources() {
        return new Resources(vcpus, memoryMb, diskGb);
    }

    public static Optional<Allocation> forInstance(UUID instanceId) {
        return findByIdOptional(instanceId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** What migrations of the instance hold (the old flavor during a resize), locked for this transaction. */
    public static List<Allocation> migrationsOf(UUID instanceId) {
        return find("migrationOf", instanceId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Allocations waiting for a destroy on hosts that stopped answering before they confirmed, locked for this
     * transaction; those another transaction holds (a confirmation releasing them right now) are skipped, so one
     * allocation is never released twice.
     */
    public static List<Allocation> releasingOnHostsDownSince(Instant aliveSince) {
        return find("state = ?1 and host in (select h.name from Host h where h.lastHeartbeatAt <= ?2 or h.forcedDown)",
                State.RELEASING, aliveSince)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .list();
    }

    /** These allocations as far as no other transaction holds them, locked for this one. */
    public static List<Allocation> lockedOrSkipped(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return find("instanceId in ?1", ids)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .list();
    }
}
