package dev.kumo.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.MessageBus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orphan audit against the real gateway and Keycloak: a build the gateway never made (sent straight to the
 * scheduler, as a lost or replayed message would be) is placed and claimed, and the audit releases its allocation
 * because the gateway, asked with the scheduler's own service token, does not know the instance; a tenant's real
 * server keeps its allocation. Needs a system whose audit runs often, as ./kumo test's does
 * (KUMO_SCHEDULER_AUDIT_INTERVAL=5s, KUMO_SCHEDULER_AUDIT_GRACE=150s); skipped otherwise.
 */
class OrphanAuditTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void anAllocationOfAnInstanceTheGatewayNeverMadeIsReleasedAndARealServersIsKept() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("KUMO_SCHEDULER_AUDIT_INTERVAL") != null,
                "the system's audit must run every few seconds (KUMO_SCHEDULER_AUDIT_INTERVAL)");
        Compute alice = Compute.as("alice");
        String real = alice.createServer("e2e-audited", "42");
        try {
            org.junit.jupiter.api.Assertions.assertEquals("ACTIVE", alice.awaitSettled(real, SETTLE));
            UUID ghost = UUID.randomUUID();
            try (MessageBus bus = new MessageBus(KumoSystem.KAFKA)) {
                bus.send(new BuildInstance(ghost, "nobody", "nobody", "ghost", "42", new Resources(1, 128, 1), null,
                        Instant.now().plusSeconds(60), PlacementHints.NONE));
            }
            await().atMost(SETTLE).until(() -> !Placement.allocations(ghost.toString()).isEmpty());

            // The system's grace (KUMO_SCHEDULER_AUDIT_GRACE, 150 s under ./kumo test) plus a few audit runs.
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Placement.allocations(ghost.toString()).isEmpty());
            Map<String, Object> kept = Placement.allocations(real);
            assertTrue(!kept.isEmpty(), "a live server's allocation stays");
            String metrics = given().baseUri(KumoSystem.SCHEDULER).get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("kumo_scheduler_audit_healed_total")
                    && !line.endsWith(" 0.0")), metrics.lines().filter(line -> line.contains("audit")).toList()
                    .toString());
        } finally {
            alice.delete(real);
            alice.awaitGone(real, SETTLE);
        }
    }
}
