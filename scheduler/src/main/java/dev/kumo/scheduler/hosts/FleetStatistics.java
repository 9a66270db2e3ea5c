package dev.kumo.scheduler.hosts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the planner's idea of the fleet's size true. A placement walks the weigher's index only while PostgreSQL
 * knows the host table is large: planned on statistics taken when the fleet was a handful of hosts, the same claim
 * computes and sorts every host (23 ms instead of 0.7 ms at 10,000 hosts). Autovacuum analyzes a table at most once a
 * minute, and a fleet that registers thousands of hosts at once is scheduled on stale statistics meanwhile; so every
 * few seconds the live row count PostgreSQL tracks is compared with the planner's estimate, and the host table is
 * analyzed when they part by more than {@link #DRIFT} (and {@link #SLACK} rows).
 */
@ApplicationScoped
public class FleetStatistics {

    private static final Logger LOG = Logger.getLogger(FleetStatistics.class);
    static final double DRIFT = 0.2;
    static final long SLACK = 50;

    private final EntityManager entityManager;
    private final Counter analyzed;

    public FleetStatistics(EntityManager entityManager, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.analyzed = metrics.counter("kumo.scheduler.host_statistics_refreshed");
    }

    @Scheduled(every = "${kumo.scheduler.statistics-check:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void check() {
        Object[] counts = (Object[]) entityManager.createNativeQuery("""
                select s.n_live_tup, c.reltuples from pg_stat_user_tables s join pg_class c on c.oid = s.relid
                where s.relname = 'host' and s.schemaname = current_schema()
                """).getSingleResult();
        long live = ((Number) counts[0]).longValue();
        double estimated = ((Number) counts[1]).doubleValue();
        if (stale(live, estimated)) {
            LOG.infof("host table has %d rows, the planner counts %.0f: analyzing it", live, estimated);
            entityManager.createNativeQuery("analyze host").executeUpdate();
            analyzed.increment();
        }
    }

    /** True when the planner's estimate (negative: never analyzed) is too far from the live row count. */
    static boolean stale(long live, double estimated) {
        double known = Math.max(estimated, 0);
        return Math.abs(live - known) > SLACK + DRIFT * Math.max(known, live);
    }
}
