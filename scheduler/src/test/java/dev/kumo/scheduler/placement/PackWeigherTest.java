package dev.kumo.scheduler.placement;

import static dev.kumo.scheduler.placement.Fleet.WAIT;
import static dev.kumo.scheduler.placement.Fleet.build;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With kumo.scheduler.weigher=pack, hosts fill up one by one: the least free memory first. */
@QuarkusTest
@TestProfile(PackWeigherTest.Pack.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PackWeigherTest {

    public static class Pack implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kumo.scheduler.weigher", "pack");
        }
    }

    // Larger than any other test's hosts and requests, so that only these hosts count.
    private static final Resources LARGE = new Resources(1, 20_000_000, 1);

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
    void theFullestHostThatFitsIsChosenUntilItIsFull() {
        String roomy = fleet.register(new Resources(64, 90_000_000, 1000));
        String fuller = fleet.register(new Resources(64, 50_000_000, 1000));

        assertEquals(fuller, placed(LARGE, PlacementHints.NONE));
        assertEquals(fuller, placed(LARGE, PlacementHints.NONE));
        assertEquals(roomy, placed(new Resources(1, 20_000_000, 1), PlacementHints.NONE), "fuller has 10,000,000 left");
    }

    @Test
    void aSoftAntiAffinityGroupsPreferenceComesBeforePacking() {
        String roomy = fleet.register(new Resources(64, 90_000_000, 1000));
        String fuller = fleet.register(new Resources(64, 50_000_000, 1000));
        PlacementHints group = new PlacementHints(UUID.randomUUID(), "soft-anti-affinity", null);

        assertEquals(fuller, placed(LARGE, group));
        assertEquals(roomy, placed(LARGE, group));
    }

    private String placed(Resources resources, PlacementHints hints) {
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, resources, hints));
        return bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host();
    }
}
