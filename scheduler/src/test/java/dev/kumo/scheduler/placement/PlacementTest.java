package dev.kumo.scheduler.placement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.ResizeInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.ResizeConfirmed;
import dev.kumo.contracts.instance.ResizeRequested;
import dev.kumo.contracts.instance.ResizeReverted;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.contracts.Topics;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler against a real PostgreSQL and a real Kafka broker, driven by messages as in production. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PlacementTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Resources NANO = new Resources(1, 128, 1);

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
    void aRegisteredHostBecomesAResourceProviderWithItsInventory() {
        String host = registerHost(new Resources(8, 16384, 100));

        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/resource_providers").then()
                .statusCode(200)
                .body("resource_providers.find { it.name == '" + host + "' }.inventories.MEMORY_MB.total", equalTo(16384))
                .body("resource_providers.find { it.name == '" + host + "' }.state", equalTo("up")));
    }

    @Test
    void aBuildIsClaimedOnAHostAndSentToThatHostOnly() {
        registerHost(new Resources(8, 16384, 100));
        UUID instance = UUID.randomUUID();

        bus.send(build(instance, new Resources(2, 2048, 10)));

        InstanceScheduled scheduled = bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT);
        SpawnInstance spawn = bus.await(SpawnInstance.class, c -> c.instanceId().equals(instance), WAIT);
        assertEquals(scheduled.host(), spawn.host());
        assertEquals(spawn.host(), spawn.key(), "host commands are keyed by host");
        given().get("/placement/allocations/" + instance).then()
                .body("allocations", hasKey(spawn.host()))
                .body("allocations." + spawn.host() + ".resources.MEMORY_MB", equalTo(2048));
    }

    @Test
    void aRedeliveredBuildClaimsOnce() {
        String host = registerOnlyFittingHost();
        UUID instance = UUID.randomUUID();
        BuildInstance build = build(instance, new Resources(1, 30000, 1));
        UUID messageId = bus.send(build);
        bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT);

        bus.send(build, messageId);
        bus.send(build, UUID.randomUUID());

        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() ->
                assertEquals(1, bus.all(SpawnInstance.class, c -> c.instanceId().equals(instance)).size()));
        given().get("/placement/resource_providers").then()
                .body("resource_providers.find { it.name == '" + host + "' }.usages.MEMORY_MB", equalTo(30000));
    }

    @Test
    void aBuildThatFitsNowhereFailsWithAReasonThatSaysWhy() {
        UUID instance = UUID.randomUUID();

        bus.send(build(instance, new Resources(1, 10_000_000, 1)));

        InstanceBuildFailed failed = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT);
        assertNull(failed.host());
        assertTrue(failed.reason().startsWith("No valid host was found."), failed.reason());
        assertTrue(failed.reason().contains("10000000 MiB RAM"), failed.reason());
        given().get("/placement/allocations/" + instance).then().body("allocations", anEmptyMap());
    }

    @Test
    void aDeleteIsSentToTheHostAndTheClaimGoesWhenTheHostConfirms() {
        registerHost(new Resources(8, 16384, 100));
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, NANO));
        String host = bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host();

        bus.send(new DeleteInstance(instance, "acme"));
        bus.await(DestroyInstance.class, c -> c.instanceId().equals(instance), WAIT);
        given().get("/placement/allocations/" + instance).then().body("allocations." + host + ".state", equalTo("RELEASING"));

        bus.send(new InstanceDestroyed(instance, host));
        await().atMost(WAIT).untilAsserted(() ->
                given().get("/placement/allocations/" + instance).then().body("allocations", anEmptyMap()));
    }

    @Test
    void aDeleteOnAHostThatIsDownReleasesTheClaimWithoutWaitingForIt() {
        String host = registerOnlyFittingHost();
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, new Resources(1, 30000, 1)));
        bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance) && e.host().equals(host), WAIT);
        markDown(host);

        bus.send(new DeleteInstance(instance, "acme"));

        bus.await(InstanceDestroyed.class, e -> e.instanceId().equals(instance), WAIT);
        given().get("/placement/allocations/" + instance).then().body("allocations", anEmptyMap());
    }

    @Test
    void membersOfAnAntiAffinityGroupLandOnDifferentHosts() {
        for (int i = 0; i < 3; i++) {
            registerHost(new Resources(8, 16384, 100));
        }
        PlacementHints group = new PlacementHints(UUID.randomUUID(), "anti-affinity", null);

        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            UUID instance = UUID.randomUUID();
            bus.send(build(instance, NANO, group));
            hosts.add(bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host());
        }

        assertEquals(3, hosts.size(), "each member on its own host: " + hosts);
    }

    @Test
    void membersOfAnAffinityGroupShareTheFirstMembersHost() {
        registerHost(new Resources(8, 16384, 100));
        registerHost(new Resources(8, 16384, 100));
        PlacementHints group = new PlacementHints(UUID.randomUUID(), "affinity", null);

        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            UUID instance = UUID.randomUUID();
            bus.send(build(instance, NANO, group));
            hosts.add(bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host());
        }

        assertEquals(1, hosts.size(), "all members on one host: " + hosts);
    }

    @Test
    void anAntiAffinityGroupWithNoHostLeftFailsAndSaysWhichPolicyStoodInTheWay() {
        String host = registerHost(new Resources(8, 16384, 100));
        PlacementHints group = new PlacementHints(UUID.randomUUID(), "anti-affinity", host);
        UUID first = UUID.randomUUID();
        bus.send(build(first, NANO, group));
        bus.await(InstanceScheduled.class, e -> e.instanceId().equals(first), WAIT);

        UUID second = UUID.randomUUID();
        bus.send(build(second, NANO, group));

        InstanceBuildFailed failed = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(second), WAIT);
        assertTrue(failed.reason().contains("anti-affinity policy"), failed.reason());
        assertTrue(failed.reason().contains("requested host " + host), failed.reason());
    }

    @Test
    void aMessageThatCannotBeAppliedIsDeadLetteredWhileTheOthersOfItsPollAreApplied() {
        registerHost(new Resources(8, 16384, 100));
        UUID poison = UUID.randomUUID();
        List<UUID> good = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        bus.send(new BuildInstance(poison, "acme", "alice", "vm", "42", null, null, Instant.now().plusSeconds(60),
                null)); // no resources: placing it throws
        good.forEach(instance -> bus.send(build(instance, NANO)));

        good.forEach(instance -> bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(bus.readAll(Topics.DEAD_LETTERS)
                .stream().anyMatch(record -> poison.toString().equals(record.key())
                        && MessageBus.header(record, "kumo-dead-letter-consumer").equals("scheduler")),
                "the build that cannot be placed is dead-lettered"));
    }

    @Test
    void aForcedHostIsTheOnlyCandidate() {
        registerHost(new Resources(8, 16384, 100));
        String forced = registerHost(new Resources(8, 16384, 100));
        UUID instance = UUID.randomUUID();

        bus.send(build(instance, NANO, new PlacementHints(null, null, forced)));

        assertEquals(forced, bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host());
    }

    @Test
    void aForcedHostTakesTheBuildEvenWhenDisabledWhileOthersDoNot() {
        String disabled = registerHost(new Resources(8, 9_000_000, 100)); // no other test's host fits the request
        given().contentType("application/json").body("{\"enabled\": false, \"disabled_reason\": \"forced builds only\"}")
                .put("/hosts/" + disabled + "/status").then().statusCode(200);
        Resources large = new Resources(1, 8_000_000, 1);

        UUID unforced = UUID.randomUUID();
        bus.send(build(unforced, large, PlacementHints.NONE));
        UUID forced = UUID.randomUUID();
        bus.send(build(forced, large, new PlacementHints(null, null, disabled)));

        assertTrue(bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(unforced), WAIT).reason()
                .contains("No valid host"));
        assertEquals(disabled, bus.await(InstanceScheduled.class, e -> e.instanceId().equals(forced), WAIT).host());
    }

    @Test
    void aResizeClaimsTheNewFlavorOnTheSameHostWhileTheMigrationHoldsTheOldUntilConfirmed() {
        String host = registerHost(new Resources(8, 16384, 100));
        UUID instance = placedOn(host, new Resources(1, 1024, 1));
        UUID migration = UUID.randomUUID();

        bus.send(resize(instance, migration, host, new Resources(1, 1024, 1), new Resources(2, 4096, 1)));

        ResizeInstance command = bus.await(ResizeInstance.class, c -> c.instanceId().equals(instance), WAIT);
        assertEquals(host, command.host());
        assertEquals(PowerOperation.RESIZE, command.operation());
        assertEquals(new Resources(2, 4096, 1), command.resources());
        assertUsage(host, 3, 5120);

        bus.send(new ResizeConfirmed(instance, migration));
        await().atMost(WAIT).untilAsserted(() -> assertUsage(host, 2, 4096));
        given().get("/placement/allocations/" + instance).then()
                .body("allocations." + host + ".resources.MEMORY_MB", equalTo(4096));
    }

    @Test
    void aRevertGivesTheInstanceItsOldFlavorBackAndTellsTheHost() {
        String host = registerHost(new Resources(8, 16384, 100));
        UUID instance = placedOn(host, new Resources(1, 1024, 1));
        UUID migration = UUID.randomUUID();
        bus.send(resize(instance, migration, host, new Resources(1, 1024, 1), new Resources(2, 4096, 1)));
        bus.await(ResizeInstance.class, c -> c.instanceId().equals(instance), WAIT);

        bus.send(new ResizeReverted(instance, migration, host, "vm", null, new Resources(1, 1024, 1), "req-2"));

        ResizeInstance back = bus.await(ResizeInstance.class, c -> c.instanceId().equals(instance)
                && c.operation() == PowerOperation.REVERT_RESIZE, WAIT);
        assertEquals(new Resources(1, 1024, 1), back.resources());
        await().atMost(WAIT).untilAsserted(() -> assertUsage(host, 1, 1024));
    }

    @Test
    void aResizeThatDoesNotFitOnItsHostIsRefusedWithTheReasonAndClaimsNothing() {
        String host = registerHost(new Resources(2, 2048, 100));
        UUID instance = placedOn(host, new Resources(1, 1024, 1));

        bus.send(resize(instance, UUID.randomUUID(), host, new Resources(1, 1024, 1), new Resources(2, 2048, 1)));

        InstanceOperated refused = bus.await(InstanceOperated.class, e -> e.instanceId().equals(instance), WAIT);
        assertEquals(PowerOperation.RESIZE, refused.operation());
        assertTrue(refused.fault().startsWith("No valid host was found for the resize: host " + host),
                refused.fault());
        assertUsage(host, 1, 1024);
    }

    @Test
    void deletingAnInstanceWaitingToConfirmItsResizeReleasesBothFlavors() {
        String host = registerHost(new Resources(8, 16384, 100));
        UUID instance = placedOn(host, new Resources(1, 1024, 1));
        bus.send(resize(instance, UUID.randomUUID(), host, new Resources(1, 1024, 1), new Resources(2, 4096, 1)));
        bus.await(ResizeInstance.class, c -> c.instanceId().equals(instance), WAIT);

        bus.send(new DeleteInstance(instance, "acme"));
        bus.await(DestroyInstance.class, c -> c.instanceId().equals(instance), WAIT);
        bus.send(new InstanceDestroyed(instance, host));

        await().atMost(WAIT).untilAsserted(() -> assertUsage(host, 0, 0));
    }

    private UUID placedOn(String host, Resources resources) {
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, resources, new PlacementHints(null, null, host)));
        assertEquals(host, bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host());
        return instance;
    }

    private static ResizeRequested resize(UUID instance, UUID migration, String host, Resources from, Resources to) {
        return new ResizeRequested(instance, migration, "acme", host, "vm", null, from, to, "req-1");
    }

    private static void assertUsage(String host, int vcpus, long memoryMb) {
        given().get("/placement/resource_providers").then()
                .body("resource_providers.find { it.name == '" + host + "' }.usages.VCPU", equalTo(vcpus))
                .body("resource_providers.find { it.name == '" + host + "' }.usages.MEMORY_MB",
                        equalTo((int) memoryMb));
    }

    private String registerHost(Resources capacity) {
        String host = "host-" + UUID.randomUUID();
        bus.send(new HostRegistered(host, "test", "test", "test:///default", capacity, Instant.now(),
                "http://localhost:8094"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/resource_providers").then()
                .body("resource_providers.name", org.hamcrest.Matchers.hasItem(host)));
        return host;
    }

    /** A host so large that it is the only one a 30000 MiB instance fits on. */
    private String registerOnlyFittingHost() {
        return registerHost(new Resources(64, 40000 + (long) (Math.random() * 1000), 1000));
    }

    /** Moves the host's last heartbeat far into the past: it is down from now on. */
    private void markDown(String host) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                dev.kumo.scheduler.hosts.Host.update("lastHeartbeatAt = ?1 where name = ?2", Instant.EPOCH, host));
    }

    private static BuildInstance build(UUID instance, Resources resources) {
        return build(instance, resources, null);
    }

    private static BuildInstance build(UUID instance, Resources resources, PlacementHints hints) {
        return new BuildInstance(instance, "acme", "alice", "vm", "42", resources, null,
                Instant.now().plusSeconds(60), hints);
    }
}
