package dev.kumo.scheduler.placement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.MigrateInstance;
import dev.kumo.contracts.host.MigrationKind;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.InstanceMigrated;
import dev.kumo.contracts.instance.MigrateRequested;
import dev.kumo.contracts.instance.MigrationConfirmed;
import dev.kumo.contracts.instance.MigrationReverted;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cold and live migrations and rebalancing plans in the scheduler, against a real PostgreSQL and Kafka. Hosts and
 * instances are far larger than any other test's, so a migration can only pick this test's hosts.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class MigrationsTest {

    private static final Duration WAIT = Fleet.WAIT;
    private static final Resources HUGE_HOST = new Resources(64, 1_000_000, 1000);
    private static final Resources BIG = new Resources(4, 900_000, 10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private MessageBus bus;
    private Fleet fleet;

    @BeforeEach
    void connect() {
        bus = new MessageBus(bootstrapServers);
        fleet = new Fleet(bus);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @AfterEach
    void disconnect() {
        fleet.close();
        bus.close();
    }

    @Test
    void aLiveMigrationClaimsAnotherHostAndTheSourceIsReleasedWhenTheAgentReportsTheMove() {
        String source = fleet.register(HUGE_HOST);
        String target = fleet.register(HUGE_HOST);
        UUID instance = placedOn(source, BIG, PlacementHints.NONE);
        UUID migration = UUID.randomUUID();

        bus.send(migrate(instance, migration, source, true, null));

        MigrateInstance command = bus.await(MigrateInstance.class, c -> c.migrationId().equals(migration), WAIT);
        assertEquals(source, command.host());
        assertEquals(source, command.key(), "sent to the source host's agent");
        assertEquals(target, command.targetHost());
        assertEquals(MigrationKind.LIVE, command.kind());
        assertEquals("test:///default", command.targetLibvirtUri());
        assertUsage(source, 900_000);
        assertUsage(target, 900_000);
        given().get("/placement/allocations/" + migration).then().body("allocations", hasKey(target));

        bus.send(moved(instance, migration, MigrationKind.LIVE, source, target, null));

        await().atMost(WAIT).untilAsserted(() -> assertUsage(source, 0));
        assertUsage(target, 900_000);
        given().get("/placement/allocations/" + instance).then().body("allocations", hasKey(target));
        given().get("/placement/allocations/" + migration).then().body("allocations", anEmptyMap());
    }

    @Test
    void aFailedMoveReleasesTheTargetAndTheInstanceKeepsItsSource() {
        String source = fleet.register(HUGE_HOST);
        String target = fleet.register(HUGE_HOST);
        UUID instance = placedOn(source, BIG, PlacementHints.NONE);
        UUID migration = UUID.randomUUID();
        bus.send(migrate(instance, migration, source, true, target));
        bus.await(MigrateInstance.class, c -> c.migrationId().equals(migration), WAIT);

        bus.send(moved(instance, migration, MigrationKind.LIVE, source, target, "libvirt said no"));

        await().atMost(WAIT).untilAsserted(() -> assertUsage(target, 0));
        assertUsage(source, 900_000);
        given().get("/placement/allocations/" + instance).then().body("allocations", hasKey(source));
    }

    @Test
    void aConfirmReleasesTheSourceEvenWhenItOvertakesTheAgentsReport() {
        String source = fleet.register(HUGE_HOST);
        String target = fleet.register(HUGE_HOST);
        UUID instance = placedOn(source, BIG, PlacementHints.NONE);
        UUID migration = UUID.randomUUID();
        bus.send(migrate(instance, migration, source, false, null));
        assertEquals(MigrationKind.COLD,
                bus.await(MigrateInstance.class, c -> c.migrationId().equals(migration), WAIT).kind());

        bus.send(new MigrationConfirmed(instance, migration, source, target));
        await().atMost(WAIT).untilAsserted(() -> assertUsage(source, 0));
        bus.send(moved(instance, migration, MigrationKind.COLD, source, target, null));

        await().during(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() -> {
            assertUsage(source, 0);
            assertUsage(target, 900_000);
        });
        given().get("/placement/allocations/" + instance).then().body("allocations", hasKey(target));
    }

    @Test
    void aRevertMovesTheInstanceBackAndReleasesTheTarget() {
        String source = fleet.register(HUGE_HOST);
        String target = fleet.register(HUGE_HOST);
        UUID instance = placedOn(source, BIG, PlacementHints.NONE);
        UUID migration = UUID.randomUUID();
        bus.send(migrate(instance, migration, source, false, null));
        bus.await(MigrateInstance.class, c -> c.migrationId().equals(migration), WAIT);
        bus.send(moved(instance, migration, MigrationKind.COLD, source, target, null));
        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/allocations/" + instance).then()
                .body("allocations", hasKey(target)));
        given().get("/placement/allocations/" + migration).then().body("allocations", hasKey(source));

        bus.send(new MigrationReverted(instance, migration, source, target, "vm", null, BIG, "req-revert"));

        MigrateInstance back = bus.await(MigrateInstance.class, c -> c.migrationId().equals(migration)
                && c.kind() == MigrationKind.REVERT, WAIT);
        assertEquals(target, back.host());
        assertEquals(source, back.targetHost());
        bus.send(moved(instance, migration, MigrationKind.REVERT, target, source, null));
        await().atMost(WAIT).untilAsserted(() -> assertUsage(target, 0));
        assertUsage(source, 900_000);
        given().get("/placement/allocations/" + instance).then().body("allocations", hasKey(source));
    }

    @Test
    void aMigrationWithNowhereToGoIsAnsweredWithTheReasonAndChangesNothing() {
        String only = fleet.register(new Resources(64, 2_000_000, 1000));
        UUID instance = placedOn(only, new Resources(1, 1_900_000, 1), PlacementHints.NONE);
        UUID migration = UUID.randomUUID();

        bus.send(new MigrateRequested(instance, migration, "acme", only, "vm", null, new Resources(1, 1_900_000, 1),
                false, null, false, PlacementHints.NONE, "req-nowhere"));

        InstanceMigrated refused = bus.await(InstanceMigrated.class, e -> e.migrationId().equals(migration), WAIT);
        assertNull(refused.targetHost());
        assertTrue(refused.fault().startsWith("No valid host was found."), refused.fault());
        assertTrue(refused.fault().contains(only + " is not a target"), refused.fault());
        assertUsage(only, 1_900_000);
        given().get("/placement/allocations/" + migration).then().body("allocations", anEmptyMap());
    }

    @Test
    void anAntiAffinityGroupsMemberMigratesOnlyToAHostWithoutOtherMembers() {
        String first = fleet.register(HUGE_HOST);
        String second = fleet.register(HUGE_HOST);
        String third = fleet.register(HUGE_HOST);
        UUID group = UUID.randomUUID();
        Resources small = new Resources(1, 300_000, 1);
        UUID member = placedOn(first, small, new PlacementHints(group, "anti-affinity", first));
        placedOn(second, small, new PlacementHints(group, "anti-affinity", second));
        UUID migration = UUID.randomUUID();

        bus.send(new MigrateRequested(member, migration, "acme", first, "vm", null, small, false, null, false,
                new PlacementHints(group, "anti-affinity", null), "req-group"));

        MigrateInstance command = bus.await(MigrateInstance.class, c -> c.migrationId().equals(migration), WAIT);
        assertTrue(!command.targetHost().equals(second) && !command.targetHost().equals(first),
                command.targetHost());
    }

    @Test
    void aRebalancingPlanMovesInstancesFromTheFullToTheEmptyHostWithinTheScope() {
        String full = fleet.register(new Resources(16, 10_000, 100));
        String empty = fleet.register(new Resources(16, 10_000, 100));
        for (int i = 0; i < 4; i++) {
            placedOn(full, new Resources(1, 2000, 1), PlacementHints.NONE);
        }

        given().contentType(ContentType.JSON)
                .body("{\"metric\": \"ram\", \"threshold_percent\": 10, \"max_moves\": 5, \"hosts\": [\"" + full
                        + "\", \"" + empty + "\"]}")
                .post("/rebalance/plan").then().statusCode(200)
                .body("moves", hasSize(2))
                .body("moves[0].source", equalTo(full))
                .body("moves[0].target", equalTo(empty))
                .body("moves[0].source_before", equalTo(80.0f))
                .body("moves[0].source_after", equalTo(60.0f))
                .body("spread_before", equalTo(80.0f))
                .body("spread_after", equalTo(0.0f))
                .body("utilisation_after." + full, equalTo(40.0f));
        assertUsage(full, 8000); // planning moves nothing
    }

    @Test
    void aRebalancingPolicyWithABadFieldIsRefusedNamingIt() {
        given().contentType(ContentType.JSON).body("{\"metric\": \"disk\", \"hosts\": [\"x\"]}")
                .post("/rebalance/plan").then().statusCode(400)
                .body("errors[0].detail", containsString("metric"));
        given().contentType(ContentType.JSON).body("{\"metric\": \"ram\"}")
                .post("/rebalance/plan").then().statusCode(400)
                .body("errors[0].detail", containsString("scope"));
        given().contentType(ContentType.JSON).body("{\"max_moves\": 0, \"availability_zone\": \"nova\"}")
                .post("/rebalance/plan").then().statusCode(400)
                .body("errors[0].detail", containsString("max_moves"));
    }

    private UUID placedOn(String host, Resources resources, PlacementHints hints) {
        UUID instance = UUID.randomUUID();
        PlacementHints forced = new PlacementHints(hints.groupId(), hints.groupPolicy(), host,
                hints.availabilityZone());
        bus.send(Fleet.build(instance, resources, forced));
        SpawnInstance spawn = bus.await(SpawnInstance.class, c -> c.instanceId().equals(instance), WAIT);
        assertEquals(host, spawn.host());
        return instance;
    }

    private static MigrateRequested migrate(UUID instance, UUID migration, String source, boolean live,
            String target) {
        return new MigrateRequested(instance, migration, "acme", source, "vm", null, BIG, live, target, false,
                PlacementHints.NONE, "req-" + migration);
    }

    private static InstanceMigrated moved(UUID instance, UUID migration, MigrationKind kind, String from, String to,
            String fault) {
        return new InstanceMigrated(instance, migration, kind, from, to, PowerState.RUNNING, "req-" + migration,
                fault);
    }

    private static void assertUsage(String host, long memoryMb) {
        given().get("/placement/resource_providers").then()
                .body("resource_providers.find { it.name == '" + host + "' }.usages.MEMORY_MB",
                        equalTo((int) memoryMb));
    }
}
