package dev.kumo.scheduler.placement;

import static dev.kumo.scheduler.placement.Fleet.WAIT;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.EvacuateInstance;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.RequestedNetwork;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evacuation moves an instance's claim off a down host onto another and sends the rebuild there and a destroy to the
 * dead host; a host an operator forces down is down at once. Real PostgreSQL and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class EvacuationTest {

    /** Only the hosts of each test are big enough for it (other tests' hosts are far smaller). */
    private static final Resources HOST = new Resources(64, 3_500_000, 10_000);
    private static final Resources BIG = new Resources(2, 3_200_000, 10);

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
    void aHostForcedDownIsDownAtOnceAndTakesNoBuilds() {
        String host = fleet.register(HOST);

        forceDown(host);

        given().get("/hosts/" + host).then().body("host.state", equalTo("down"))
                .body("host.forced_down", equalTo(true));
        UUID instance = UUID.randomUUID();
        bus.send(Fleet.build(instance, BIG, null));
        InstanceBuildFailed failed = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT);
        assertNull(failed.host());
        assertTrue(failed.reason().startsWith("No valid host was found."), failed.reason());
    }

    @Test
    void anInstanceOfADownHostIsRebuiltOnAnotherAndItsClaimMovesWithIt() {
        fleet.register(HOST);
        fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        BuildInstance build = Fleet.build(instance, BIG, null);
        bus.send(build);
        String dead = bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host();
        forceDown(dead);

        List<RequestedNetwork> ports = List.of(RequestedNetwork.existingPort("port-of-" + instance));
        BuildInstance rebuild = new BuildInstance(instance, build.projectId(), build.userId(), build.name(),
                build.flavorId(), build.resources(), build.imageRef(), null, build.hints(), build.guest(), ports);
        bus.send(new EvacuateInstance(instance, dead, null, false, rebuild, "req-evacuate"));

        SpawnInstance rebuilt = bus.await(SpawnInstance.class, c -> c.instanceId().equals(instance)
                && !c.host().equals(dead), WAIT);
        assertNull(rebuilt.request(), "an evacuation is not retried on a third host");
        assertEquals(ports, rebuilt.networks(), "the new host binds the ports the instance had");
        bus.await(DestroyInstance.class, c -> c.instanceId().equals(instance) && c.host().equals(dead), WAIT);
        given().get("/placement/allocations/" + instance).then()
                .body("allocations", hasKey(rebuilt.host()))
                .body("allocations.size()", equalTo(1));
        assertMemoryUsed(dead, 0);
        assertMemoryUsed(rebuilt.host(), BIG.memoryMb());
    }

    @Test
    void aRedeliveredEvacuationMovesTheInstanceOnce() {
        fleet.register(HOST);
        fleet.register(HOST);
        fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        BuildInstance build = Fleet.build(instance, BIG, null);
        bus.send(build);
        String dead = bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host();
        forceDown(dead);
        EvacuateInstance evacuate = new EvacuateInstance(instance, dead, null, false, build, "req-evacuate");

        bus.send(evacuate);
        bus.send(evacuate);

        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> assertEquals(1,
                bus.all(SpawnInstance.class, c -> c.instanceId().equals(instance) && !c.host().equals(dead)).size()));
    }

    @Test
    void withNowhereToGoTheInstanceKeepsItsClaimOnTheDeadHostAndTheGatewayHearsWhy() {
        String dead = fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        BuildInstance build = Fleet.build(instance, BIG, null);
        bus.send(build);
        bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT);
        forceDown(dead);

        bus.send(new EvacuateInstance(instance, dead, null, false, build, "req-evacuate"));

        InstanceBuildFailed failed = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT);
        assertNull(failed.host());
        assertTrue(failed.reason().startsWith("Evacuation of instance " + instance + " from host " + dead
                + " failed: No valid host was found."), failed.reason());
        given().get("/placement/allocations/" + instance).then().body("allocations", hasKey(dead));
        assertMemoryUsed(dead, BIG.memoryMb());
    }

    @Test
    void anAdminsTargetHostIsUsed() {
        fleet.register(HOST);
        fleet.register(HOST);
        String target = fleet.register(HOST);
        UUID instance = UUID.randomUUID();
        BuildInstance build = Fleet.build(instance, BIG, null);
        bus.send(build);
        String dead = bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host();
        String chosen = dead.equals(target) ? fleet.register(HOST) : target;
        forceDown(dead);

        bus.send(new EvacuateInstance(instance, dead, chosen, false, build, "req-evacuate"));

        SpawnInstance rebuilt = bus.await(SpawnInstance.class, c -> c.instanceId().equals(instance)
                && !c.host().equals(dead), WAIT);
        assertEquals(chosen, rebuilt.host());
        assertNotEquals(dead, rebuilt.host());
    }

    private static void forceDown(String host) {
        given().contentType("application/json").body("{\"forced_down\": true}")
                .put("/hosts/" + host + "/status").then().statusCode(200).body("host.forced_down", equalTo(true));
    }

    private static void assertMemoryUsed(String host, long memoryMb) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/resource_providers").then()
                .body("resource_providers.find { it.name == '" + host + "' }.usages.MEMORY_MB",
                        equalTo((int) memoryMb)));
    }
}
