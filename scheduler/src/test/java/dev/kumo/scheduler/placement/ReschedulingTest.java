package dev.kumo.scheduler.placement;

import static dev.kumo.scheduler.placement.Fleet.WAIT;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.AbortBuild;
import dev.kumo.contracts.instance.FailedAttempt;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A build whose spawn fails on a host goes to another host, the failed ones left out, up to three attempts; then it
 * fails naming every attempt. Real PostgreSQL and Kafka; the hosts' failures are sent as their agents send them.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ReschedulingTest {

    /** Only the hosts of each test are big enough for it (other tests' hosts are far smaller). */
    private static final Resources HOST = new Resources(64, 3_000_000, 10_000);
    private static final Resources BIG = new Resources(2, 2_500_000, 10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private MessageBus bus;
    private Fleet fleet;

    @BeforeEach
    void connect() {
        bus = new MessageBus(bootstrapServers);
        fleet = new Fleet(bus);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @AfterEach
    void disconnect() {
        fleet.close();
        bus.close();
    }

    @Test
    void aSpawnThatFailsIsRetriedOnAnotherHostWithTheFailedOneLeftOut() {
        List<String> hosts = List.of(fleet.register(HOST), fleet.register(HOST), fleet.register(HOST));
        UUID instance = UUID.randomUUID();
        bus.send(Fleet.build(instance, BIG, null));
        SpawnInstance first = spawnNumber(1, instance);

        bus.send(new InstanceSpawnFailed(instance, first.host(), "libvirt said no", first));

        SpawnInstance second = spawnNumber(2, instance);
        assertNotEquals(first.host(), second.host());
        assertTrue(hosts.contains(second.host()));
        assertEquals(List.of(new FailedAttempt(first.host(), "libvirt said no")), second.failuresSoFar());
        assertEquals(first.request(), second.request(), "the build travels with every attempt");
        given().get("/placement/allocations/" + instance).then()
                .body("allocations", hasKey(second.host()))
                .body("allocations.size()", equalTo(1));
        assertMemoryUsed(first.host(), 0);
        assertMemoryUsed(second.host(), BIG.memoryMb());
    }

    @Test
    void afterTheThirdFailedAttemptTheBuildFailsNamingEveryAttempt() {
        fleet.register(HOST);
        fleet.register(HOST);
        fleet.register(HOST);
        fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        bus.send(Fleet.build(instance, BIG, null));

        SpawnInstance spawn = spawnNumber(1, instance);
        for (int attempt = 2; attempt <= 3; attempt++) {
            bus.send(new InstanceSpawnFailed(instance, spawn.host(), "broken " + spawn.host(), spawn));
            spawn = spawnNumber(attempt, instance);
        }
        bus.send(new InstanceSpawnFailed(instance, spawn.host(), "broken " + spawn.host(), spawn));

        InstanceBuildFailed failed = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT);
        assertEquals(500, failed.code());
        assertTrue(failed.reason().startsWith("Exceeded maximum number of retries."), failed.reason());
        Set<String> tried = Set.copyOf(bus.all(SpawnInstance.class, c -> c.instanceId().equals(instance)).stream()
                .map(SpawnInstance::host).toList());
        assertEquals(3, tried.size(), "three different hosts were tried");
        tried.forEach(host -> assertTrue(failed.reason().contains(host + ": broken " + host), failed.reason()));
        await().atMost(WAIT).untilAsserted(() ->
                given().get("/placement/allocations/" + instance).then().body("allocations", anEmptyMap()));
        tried.forEach(host -> assertMemoryUsed(host, 0));
    }

    @Test
    void whenNoOtherHostFitsTheBuildFailsWithNoValidHostAndTheEarlierAttempt() {
        String only = fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        bus.send(Fleet.build(instance, BIG, null));
        SpawnInstance first = spawnNumber(1, instance);
        assertEquals(only, first.host());

        bus.send(new InstanceSpawnFailed(instance, only, "disk full", first));

        InstanceBuildFailed failed = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT);
        assertNull(failed.host());
        assertTrue(failed.reason().startsWith("No valid host was found."), failed.reason());
        assertTrue(failed.reason().contains("RetryFilter (hosts tried before: " + only + "): 1 eliminated"),
                failed.reason());
        assertTrue(failed.reason().endsWith("Attempts: " + only + ": disk full"), failed.reason());
        assertMemoryUsed(only, 0);
    }

    @Test
    void aBuildForcedOntoAHostIsNotRetriedElsewhere() {
        String forced = fleet.register(HOST);
        fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        bus.send(Fleet.build(instance, BIG, Fleet.forcedOnto(forced)));
        SpawnInstance first = spawnNumber(1, instance);

        bus.send(new InstanceSpawnFailed(instance, forced, "no", first));

        InstanceBuildFailed failed = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT);
        assertEquals(forced, failed.host());
        assertEquals("no", failed.reason());
        assertOnlyOneSpawn(instance);
    }

    @Test
    void aSpawnFailureAfterTheBuildWasAbortedIsNotRetried() {
        fleet.register(HOST);
        fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        bus.send(Fleet.build(instance, BIG, null));
        SpawnInstance first = spawnNumber(1, instance);
        bus.send(new AbortBuild(instance, "timed out"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/allocations/" + instance).then()
                .body("allocations." + first.host() + ".state", equalTo("RELEASING")));

        bus.send(new InstanceSpawnFailed(instance, first.host(), "too late", first));

        bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT);
        await().atMost(WAIT).untilAsserted(() ->
                given().get("/placement/allocations/" + instance).then().body("allocations", anEmptyMap()));
        assertOnlyOneSpawn(instance);
    }

    /** The spawn of that attempt: the one carrying the attempts before it (spawns to different hosts may arrive
     * in any order, since host commands are keyed by host). */
    private SpawnInstance spawnNumber(int attempt, UUID instance) {
        return bus.await(SpawnInstance.class, c -> c.instanceId().equals(instance)
                && c.failuresSoFar().size() == attempt - 1, WAIT);
    }

    private void assertOnlyOneSpawn(UUID instance) {
        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() ->
                assertEquals(1, bus.all(SpawnInstance.class, c -> c.instanceId().equals(instance)).size()));
    }

    private static void assertMemoryUsed(String host, long memoryMb) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/resource_providers").then()
                .body("resource_providers.find { it.name == '" + host + "' }.usages.MEMORY_MB",
                        equalTo((int) memoryMb)));
    }
}
