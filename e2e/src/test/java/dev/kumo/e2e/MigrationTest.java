package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live and cold migrations (confirmed and reverted) between two simulated test-driver hosts of the running system,
 * in a zone of their own: the server's host and status, the scheduler's allocations and usage, and os-migrations.
 */
class MigrationTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String SOURCE = "sim-0003";
    private static final String TARGET = "sim-0004";

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aLiveMigrationMovesTheRunningServerAndReleasesItsSource() {
        try (MigrationZone zone = new MigrationZone(SOURCE, TARGET)) {
            String id = zone.serverOn(SOURCE, "e2e-live");
            Map<String, Object> before = Placement.usages();

            zone.admin.request().header("X-OpenStack-Nova-API-Version", "2.30").contentType(ContentType.JSON)
                    .body(Map.of("os-migrateLive", Map.of("host", TARGET, "block_migration", "auto")))
                    .post("/compute/v2.1/servers/" + id + "/action").then().statusCode(202);

            awaitOn(zone, id, TARGET, "ACTIVE");
            assertEquals(List.of(TARGET), List.copyOf(Placement.allocations(id).keySet()));
            await().atMost(SETTLE).untilAsserted(() -> {
                assertEquals(memory(before, SOURCE) - 128, memory(Placement.usages(), SOURCE));
                assertEquals(memory(before, TARGET) + 128, memory(Placement.usages(), TARGET));
            });
            migrationsOf(zone, id).body("migrations[0].migration_type", equalTo("live-migration"))
                    .body("migrations[0].status", equalTo("completed"))
                    .body("migrations[0].source_compute", equalTo(SOURCE))
                    .body("migrations[0].dest_compute", equalTo(TARGET));
        }
    }

    @Test
    void aColdMigrationWaitsForVerificationAndAConfirmReleasesTheSource() {
        try (MigrationZone zone = new MigrationZone(SOURCE, TARGET)) {
            String id = zone.serverOn(SOURCE, "e2e-cold-confirm");
            Map<String, Object> before = Placement.usages();

            migrate(zone, id);

            awaitOn(zone, id, TARGET, "VERIFY_RESIZE");
            await().atMost(SETTLE).untilAsserted(() -> {
                assertEquals(memory(before, SOURCE), memory(Placement.usages(), SOURCE), "the source stays held");
                assertEquals(memory(before, TARGET) + 128, memory(Placement.usages(), TARGET));
            });
            migrationsOf(zone, id).body("migrations[0].migration_type", equalTo("migration"))
                    .body("migrations[0].status", equalTo("finished"));

            zone.admin.request().contentType(ContentType.JSON).body("{\"confirmResize\": null}")
                    .post("/compute/v2.1/servers/" + id + "/action").then().statusCode(204);

            awaitOn(zone, id, TARGET, "ACTIVE");
            await().atMost(SETTLE).untilAsserted(() -> {
                assertEquals(memory(before, SOURCE) - 128, memory(Placement.usages(), SOURCE));
                assertEquals(List.of(TARGET), List.copyOf(Placement.allocations(id).keySet()));
            });
            migrationsOf(zone, id).body("migrations[0].status", equalTo("confirmed"));
        }
    }

    @Test
    void aRevertedColdMigrationBringsTheServerBackAndReleasesTheTarget() {
        try (MigrationZone zone = new MigrationZone(SOURCE, TARGET)) {
            String id = zone.serverOn(SOURCE, "e2e-cold-revert");
            Map<String, Object> before = Placement.usages();
            migrate(zone, id);
            awaitOn(zone, id, TARGET, "VERIFY_RESIZE");

            zone.admin.request().contentType(ContentType.JSON).body("{\"revertResize\": null}")
                    .post("/compute/v2.1/servers/" + id + "/action").then().statusCode(202);

            awaitOn(zone, id, SOURCE, "ACTIVE");
            await().atMost(SETTLE).untilAsserted(() -> {
                assertEquals(memory(before, SOURCE), memory(Placement.usages(), SOURCE));
                assertEquals(memory(before, TARGET), memory(Placement.usages(), TARGET));
                assertEquals(List.of(SOURCE), List.copyOf(Placement.allocations(id).keySet()));
            });
            migrationsOf(zone, id).body("migrations[0].status", equalTo("reverted"));
        }
    }

    private static void migrate(MigrationZone zone, String id) {
        zone.admin.request().contentType(ContentType.JSON).body("{\"migrate\": null}")
                .post("/compute/v2.1/servers/" + id + "/action").then().statusCode(202);
    }

    private static void awaitOn(MigrationZone zone, String id, String host, String status) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            assertEquals(status, zone.statusOf(id));
            assertEquals(host, zone.hostOf(id));
        });
    }

    private static io.restassured.response.ValidatableResponse migrationsOf(MigrationZone zone, String id) {
        return zone.admin.request().header("X-OpenStack-Nova-API-Version", "2.23")
                .get("/compute/v2.1/os-migrations?instance_uuid=" + id).then().statusCode(200);
    }

    @SuppressWarnings("unchecked")
    static long memory(Map<String, Object> usages, String host) {
        return ((Number) ((Map<String, Object>) usages.get(host)).get("MEMORY_MB")).longValue();
    }
}
