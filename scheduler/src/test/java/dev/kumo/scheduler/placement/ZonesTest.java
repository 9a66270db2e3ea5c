package dev.kumo.scheduler.placement;

import static dev.kumo.scheduler.placement.Fleet.WAIT;
import static dev.kumo.scheduler.placement.Fleet.build;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Availability zones, made by aggregates' availability_zone metadata, restrict where a build that asks for one goes. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ZonesTest {

    private static final Resources NANO = new Resources(1, 128, 1);

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
    void aBuildAskingForAZoneLandsOnlyOnThatZonesHosts() {
        String zoned = fleet.register(new Resources(8, 16384, 100));
        String zone = inZone(zoned);
        fleet.register(new Resources(64, 1_000_000, 1000)); // more room: spread would prefer it

        for (int i = 0; i < 3; i++) {
            assertEquals(zoned, placed(new PlacementHints(null, null, null, zone)));
        }
        given().get("/hosts/" + zoned).then().body("host.availability_zone", equalTo(zone));
    }

    @Test
    void theDefaultZoneHoldsTheHostsNoAggregatePutsInAZone() {
        String zoned = fleet.register(new Resources(64, 2_000_000, 1000)); // the most room of all
        inZone(zoned);
        String plain = fleet.register(new Resources(64, 1_900_000, 1000));

        assertNotEquals(zoned, placed(new PlacementHints(null, null, null, "nova")));
        given().get("/hosts/" + plain).then().body("host.availability_zone", equalTo("nova"));
    }

    @Test
    void aZoneWithNoRoomFailsAndTheFaultCountsTheHostsOutsideIt() {
        String zoned = fleet.register(new Resources(1, 512, 10));
        String zone = inZone(zoned);
        UUID instance = UUID.randomUUID();

        bus.send(build(instance, new Resources(1, 1024, 1), new PlacementHints(null, null, null, zone)));

        String reason = bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT).reason();
        assertTrue(reason.contains("AvailabilityZoneFilter (zone " + zone + "): "), reason);
        assertTrue(reason.contains("RamFilter (MEMORY_MB): 1 eliminated"), reason);
    }

    @Test
    void aForcedHostGoesBeforeTheZone() {
        String plain = fleet.register(new Resources(8, 16384, 100));
        String zone = inZone(fleet.register(new Resources(8, 16384, 100)));

        assertEquals(plain, placed(new PlacementHints(null, null, plain, zone)));
    }

    @Test
    void aHostFollowsItsAggregateIntoAnotherZoneAndBackToTheDefaultWhenItLeaves() {
        String host = fleet.register(new Resources(64, 3_000_000, 1000)); // the most room of all
        String zone = inZone(host);
        int aggregate = given().get("/aggregates").then().extract()
                .path("aggregates.find { it.name == '" + zone + "-aggregate' }.id");
        String moved = zone + "-moved";

        given().contentType("application/json")
                .body("{\"set_metadata\": {\"metadata\": {\"availability_zone\": \"" + moved + "\"}}}")
                .post("/aggregates/" + aggregate + "/action").then().statusCode(200);
        assertEquals(host, placed(new PlacementHints(null, null, null, moved)));

        given().contentType("application/json").body("{\"remove_host\": {\"host\": \"" + host + "\"}}")
                .post("/aggregates/" + aggregate + "/action").then().statusCode(200);
        assertEquals(host, placed(new PlacementHints(null, null, null, "nova")));
        given().get("/hosts").then().body("hosts.find { it.name == '" + host + "' }.availability_zone",
                equalTo("nova"));
    }

    /** Puts the host in a new aggregate that is a new zone; returns the zone's name. */
    private static String inZone(String host) {
        String zone = "az-" + UUID.randomUUID();
        int id = given().contentType("application/json")
                .body("{\"aggregate\": {\"name\": \"" + zone + "-aggregate\", \"availability_zone\": \"" + zone + "\"}}")
                .post("/aggregates").then().statusCode(200).extract().path("aggregate.id");
        given().contentType("application/json").body("{\"add_host\": {\"host\": \"" + host + "\"}}")
                .post("/aggregates/" + id + "/action").then().statusCode(200);
        return zone;
    }

    private String placed(PlacementHints hints) {
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, NANO, hints));
        return bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host();
    }
}
