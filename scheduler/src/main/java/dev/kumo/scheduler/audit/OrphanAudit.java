package dev.kumo.scheduler.audit;

import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.audit.GatewayInstances.LiveInstance;
import dev.kumo.scheduler.placement.Allocation;
import dev.kumo.scheduler.placement.Claims;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Finds and releases orphaned allocations: those whose instance the gateway no longer has (deleted, or never
 * created) or has on another host, so that capacity lost to a missed message comes back. Only allocations older
 * than {@code kumo.scheduler.audit.grace} (longer than a build may take) are looked at, in batches, oldest first; an
 * instance with a task under way is never judged by its host (a move may be half told). The gateway is asked once
 * per batch outside any transaction; each orphan is then released under {@code for update skip locked}, so one a
 * message releases at the same moment is left to it, and its host is told to destroy whatever domain it still has of
 * the instance (in the same transaction). Metrics: {@code kumo.scheduler.audit.orphans} (found by the
 * last run) and {@code kumo.scheduler.audit.healed} (released, in total).
 */
@ApplicationScoped
public class OrphanAudit {

    private static final Logger LOG = Logger.getLogger(OrphanAudit.class);

    /** What the audit reads of an allocation: whose it is (an instance, or the migration of one) and where. */
    record Held(UUID id, String host, UUID migrationOf, Instant createdAt) {

        /** The instance the gateway knows: the allocation's own, or the one its migration moves. */
        UUID instance() {
            return migrationOf == null ? id : migrationOf;
        }
    }

    /** An allocation found orphaned, and why. */
    record Orphan(Held held, String reason) {
    }

    private final EntityManager entityManager;
    private final Claims claims;
    private final GatewayInstances gateway;
    private final Outbox outbox;
    private final Duration grace;
    private final int batchSize;
    private final AtomicLong orphansLastRun = new AtomicLong();
    private final Counter healed;

    public OrphanAudit(EntityManager entityManager, Claims claims, GatewayInstances gateway, Outbox outbox,
            MeterRegistry metrics,
            @ConfigProperty(name = "kumo.scheduler.audit.grace") Duration grace,
            @ConfigProperty(name = "kumo.scheduler.audit.batch") int batchSize) {
        this.entityManager = entityManager;
        this.claims = claims;
        this.gateway = gateway;
        this.outbox = outbox;
        this.grace = grace;
        this.batchSize = batchSize;
        metrics.gauge("kumo.scheduler.audit.orphans", orphansLastRun);
        this.healed = metrics.counter("kumo.scheduler.audit.healed");
    }

    @Scheduled(every = "${kumo.scheduler.audit.interval}", delayed = "${kumo.scheduler.audit.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void audit() {
        Instant olderThan = Instant.now().minus(grace);
        long found = 0;
        Held after = null;
        try {
            while (true) {
                Held cursor = after;
                List<Held> batch = QuarkusTransaction.requiringNew().call(() -> read(olderThan, cursor));
                if (batch.isEmpty()) {
                    break;
                }
                List<Orphan> orphans = orphans(batch, gateway.live(batch.stream().map(Held::instance).toList()));
                found += orphans.size();
                if (!orphans.isEmpty()) {
                    healed.increment(QuarkusTransaction.requiringNew().call(() -> release(orphans)));
                }
                after = batch.get(batch.size() - 1);
            }
        } catch (IOException e) {
            LOG.warnf("orphan audit stopped: the gateway cannot tell which instances are live (%s)", e.getMessage());
            return;
        }
        orphansLastRun.set(found);
    }

    /** Found by the last complete run. */
    public long orphansLastRun() {
        return orphansLastRun.get();
    }

    @SuppressWarnings("unchecked")
    private List<Held> read(Instant olderThan, Held after) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                select instance_id, host, migration_of, created_at from allocation
                where created_at < :olderThan and (created_at, instance_id) > (:afterAt, :afterId)
                order by created_at, instance_id limit :batch
                """)
                .setParameter("olderThan", Timestamp.from(olderThan))
                .setParameter("afterAt", Timestamp.from(after == null ? Instant.EPOCH : after.createdAt()))
                .setParameter("afterId", after == null ? new UUID(Long.MIN_VALUE, Long.MIN_VALUE) : after.id())
                .setParameter("batch", batchSize)
                .getResultList();
        List<Held> held = new ArrayList<>();
        for (Object[] row : rows) {
            held.add(new Held((UUID) row[0], (String) row[1], (UUID) row[2], instant(row[3])));
        }
        return held;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp timestamp ? timestamp.toInstant()
                : value instanceof java.time.OffsetDateTime offset ? offset.toInstant() : (Instant) value;
    }

    static List<Orphan> orphans(List<Held> batch, Map<UUID, LiveInstance> live) {
        return batch.stream().map(held -> new Orphan(held, why(held, live.get(held.instance()))))
                .filter(orphan -> orphan.reason() != null).toList();
    }

    /** Why the allocation is an orphan, or null when its instance lives on its host (or may be moving there). */
    static String why(Held held, LiveInstance instance) {
        if (instance == null) {
            return "instance " + held.instance() + " no longer exists";
        }
        if (held.migrationOf() == null && instance.host() != null && instance.taskState() == null
                && !instance.host().equals(held.host())) {
            return "instance " + held.instance() + " lives on " + instance.host();
        }
        return null;
    }

    /** Releases those still held as they were read and by no other transaction now; how many it released. */
    private int release(List<Orphan> orphans) {
        Map<UUID, Orphan> read = new java.util.HashMap<>();
        orphans.forEach(orphan -> read.put(orphan.held().id(), orphan));
        int released = 0;
        for (Allocation allocation : Allocation.lockedOrSkipped(List.copyOf(read.keySet()))) {
            Orphan orphan = read.get(allocation.instanceId);
            if (!Objects.equals(allocation.host, orphan.held().host())) {
                continue;
            }
            LOG.warnf("orphan audit: releasing allocation %s on %s (%d VCPU, %d MB, %d GB): %s",
                    allocation.instanceId, allocation.host, allocation.vcpus, allocation.memoryMb, allocation.diskGb,
                    orphan.reason());
            claims.release(allocation);
            // Whatever the host still runs of it is a leftover too: its agent removes the domain, if there is one.
            outbox.publish(new DestroyInstance(allocation.host, orphan.held().instance()));
            released++;
        }
        return released;
    }
}
