package dev.kumo.scheduler.hosts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The planner learns that the fleet grew within seconds, not at autovacuum's next visit. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class FleetStatisticsTest {

    @Inject
    EntityManager entityManager;

    @Test
    void estimatesWithinTheDriftAreLeftAloneAndThoseBeyondItAreStale() {
        assertFalse(FleetStatistics.stale(6, 6));
        assertFalse(FleetStatistics.stale(10_000, 9_000));
        assertFalse(FleetStatistics.stale(40, -1), "a handful of rows never analyzed");
        assertTrue(FleetStatistics.stale(10_006, 6), "a fleet registered since the last analyze");
        assertTrue(FleetStatistics.stale(6, 10_006), "a fleet gone since");
        assertTrue(FleetStatistics.stale(5_000, -1));
    }

    @Test
    void aFleetRegisteredAtOnceIsCountedByThePlannerWithinSeconds() {
        double refreshedBefore = refreshes();
        try {
            // Hosts that have never beaten (down), so no placement of another test lands on them.
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                    insert into host (name, hypervisor_type, domain_type, vcpus, memory_mb, disk_gb, registered_at,
                                      last_heartbeat_at)
                    select 'statistics-' || i, 'QEMU', 'test', 16, 32768, 1000, now(), now() - interval '1 day'
                    from generate_series(1, 3000) i""").executeUpdate());

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> plannerCount() >= 3000);
            assertTrue(refreshes() > refreshedBefore, "the scheduler analyzed the host table itself");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("delete from host where name like 'statistics-%'").executeUpdate());
        }
    }

    private static double refreshes() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("kumo_scheduler_host_statistics_refreshed_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private double plannerCount() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select reltuples from pg_class where relname = 'host'"
                        + " and relnamespace = current_schema()::regnamespace")
                .getSingleResult()).doubleValue());
    }
}
