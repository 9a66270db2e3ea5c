package dev.kumo.scheduler.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The periodic audit releases allocations whose instance the gateway no longer has or has on another host, keeps
 * the others, and its gauge shows how many the last run found.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(GatewayStandIn.class)
class OrphanAuditTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Resources SMALL = new Resources(1, 256, 2);
    private static final Duration GRACE_AND_MARGIN = Duration.ofMillis(1500);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private MessageBus bus;

    @BeforeEach
    void connect() {
        bus = new MessageBus(bootstrapServers);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void anAllocationWhoseInstanceIsGoneOrElsewhereIsReleasedAndOneLivingOnItsHostIsKept() throws InterruptedException {
        String host = "audit-" + UUID.randomUUID();
        bus.send(new HostRegistered(host, "test", "test", "test:///default", new Resources(8, 16384, 100),
                Instant.now(), "http://localhost:8094", "x86_64", java.util.List.of()));
        await().atMost(WAIT).untilAsserted(() -> given().get("/hosts/" + host).then().statusCode(200));
        UUID gone = placed(host);
        UUID elsewhere = placed(host);
        UUID kept = placed(host);
        given().get("/hosts/" + host).then().body("host.used_memory_mb", equalTo(768));
        // Every allocation past the audit's grace (1 s) before the gateway's answer changes: a run whose cutoff fell
        // between two of them would find one orphan, and the next run the other, and never both at once.
        Thread.sleep(GRACE_AND_MARGIN.toMillis());

        GatewayStandIn.plant(java.util.Set.of(gone), java.util.Map.of(elsewhere, "another-host", kept, host));
        AtomicBoolean gaugeShowedThem = new AtomicBoolean();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            if (given().get("/q/metrics").asString().contains("kumo_scheduler_audit_orphans 2.0")) {
                gaugeShowedThem.set(true);
            }
            given().get("/placement/allocations/" + gone).then().body("allocations", anEmptyMap());
            given().get("/placement/allocations/" + elsewhere).then().body("allocations", anEmptyMap());
        });
        given().get("/hosts/" + host).then().body("host.used_memory_mb", equalTo(256));
        given().get("/placement/allocations/" + kept).then().body("allocations." + host + ".state",
                equalTo("CLAIMED"));
        given().get("/q/metrics").then().body(containsString("kumo_scheduler_audit_healed_total 2.0"));
        bus.await(DestroyInstance.class, c -> c.instanceId().equals(gone) && c.host().equals(host), WAIT);
        bus.await(DestroyInstance.class, c -> c.instanceId().equals(elsewhere) && c.host().equals(host), WAIT);
        assertTrue(bus.all(DestroyInstance.class, c -> c.instanceId().equals(kept)).isEmpty(),
                "a live instance's host is not told to destroy it");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            if (given().get("/q/metrics").asString().contains("kumo_scheduler_audit_orphans 2.0")) {
                gaugeShowedThem.set(true);
            }
            assertTrue(gaugeShowedThem.get(), "the gauge showed the two orphans the run found");
        });
        // The next run finds none: the gauge is of the last run.
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("kumo_scheduler_audit_orphans 0.0")));
    }

    private UUID placed(String host) {
        UUID instance = UUID.randomUUID();
        bus.send(new BuildInstance(instance, "acme", "alice", "vm", "42", SMALL, null,
                Instant.now().plusSeconds(60), new PlacementHints(null, null, host, null)));
        assertEquals(host, bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host());
        return instance;
    }
}
