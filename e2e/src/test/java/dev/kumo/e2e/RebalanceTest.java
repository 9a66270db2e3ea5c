package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * os-rebalance on two simulated hosts this test controls (a zone of their own): three servers forced onto one host
 * make the imbalance; the dry-run plan moves some of them to the other host and narrows the spread; executed, the
 * plan's servers are live-migrated there and the scheduler's usage narrows as planned.
 */
class RebalanceTest {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String FULL = "sim-0003";
    private static final String EMPTY = "sim-0004";

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aPlannedRebalanceMovesServersFromTheLoadedHostAndNarrowsTheSpread() {
        try (MigrationZone zone = new MigrationZone(FULL, EMPTY)) {
            Set<String> ours = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                ours.add(zone.serverOn(FULL, "e2e-rebalance-" + i));
            }
            Map<String, Object> policy = Map.of("metric", "ram", "threshold_percent", 0.1, "max_moves", 5,
                    "hosts", List.of(FULL, EMPTY));

            Map<String, Object> plan = rebalance(zone, policy, true, 200);

            List<Map<String, Object>> moves = moves(plan);
            assertFalse(moves.isEmpty(), "three servers on one host and none on the other: " + plan);
            for (Map<String, Object> move : moves) {
                assertTrue(ours.contains((String) move.get("instance_id")), "only this test's servers: " + move);
                assertEquals(FULL, move.get("source"));
                assertEquals(EMPTY, move.get("target"));
            }
            double spreadBefore = ((Number) plan.get("spread_before")).doubleValue();
            assertTrue(((Number) plan.get("spread_after")).doubleValue() < spreadBefore, plan.toString());
            ours.forEach(id -> assertEquals(FULL, zone.hostOf(id), "a dry run moves nothing"));
            long emptyBefore = MigrationTest.memory(Placement.usages(), EMPTY);

            Map<String, Object> executed = rebalance(zone, policy, false, 202);

            List<Map<String, Object>> started = (List<Map<String, Object>>) executed.get("started");
            assertEquals(moves(executed).size(), started.size(), executed.toString());
            for (Map<String, Object> move : started) {
                String id = (String) move.get("instance_id");
                await().atMost(SETTLE).untilAsserted(() -> {
                    assertEquals("ACTIVE", zone.statusOf(id));
                    assertEquals(EMPTY, zone.hostOf(id));
                });
            }
            await().atMost(SETTLE).untilAsserted(() -> assertEquals(emptyBefore + 128L * started.size(),
                    MigrationTest.memory(Placement.usages(), EMPTY)));
            Map<String, Object> after = rebalance(zone, policy, true, 200);
            assertTrue(((Number) after.get("spread_before")).doubleValue() < spreadBefore, after.toString());
            zone.admin.request().get("/compute/v2.1/servers/" + started.get(0).get("instance_id")
                    + "/os-instance-actions").then().statusCode(200)
                    .body("instanceActions.action", org.hamcrest.Matchers.hasItem("live-migration"));
        }
    }

    @Test
    void aRebalanceIsForAdminsAndItsBodyIsChecked() {
        Compute alice = Compute.as("alice");
        alice.request().contentType(ContentType.JSON)
                .body(Map.of("rebalance", Map.of("dry_run", true, "hosts", List.of(FULL))))
                .post("/compute/v2.1/os-rebalance").then().statusCode(403);
        Compute.as("admin").request().contentType(ContentType.JSON)
                .body(Map.of("rebalance", Map.of("dry_run", true, "metric", "disk", "hosts", List.of(FULL))))
                .post("/compute/v2.1/os-rebalance").then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString("metric"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rebalance(MigrationZone zone, Map<String, Object> policy, boolean dryRun,
            int status) {
        Map<String, Object> body = new java.util.HashMap<>(policy);
        body.put("dry_run", dryRun);
        return zone.admin.request().contentType(ContentType.JSON).body(Map.of("rebalance", body))
                .post("/compute/v2.1/os-rebalance").then().statusCode(status).extract().path("rebalance");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> moves(Map<String, Object> plan) {
        return (List<Map<String, Object>>) plan.get("moves");
    }
}
