package dev.kumo.scheduler.placement;

import static dev.kumo.scheduler.placement.Fleet.WAIT;
import static dev.kumo.scheduler.placement.Fleet.build;
import static dev.kumo.scheduler.placement.Fleet.forcedOnto;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Inventories (reserved amounts, allocation ratios), maintenance mode and the NoValidHost fault's per-filter counts. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class InventoryAndFiltersTest {

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
    void aHostsInventoryHasTotalReservedAndTheConfiguredRatiosPerResourceClassAsPlacementShowsIt() {
        String host = fleet.register(new Resources(8, 16384, 100));

        String inventories = "resource_providers.find { it.name == '" + host + "' }.inventories";
        given().get("/placement/resource_providers").then()
                .body(inventories + ".VCPU.total", equalTo(8))
                .body(inventories + ".VCPU.reserved", equalTo(0))
                .body(inventories + ".VCPU.allocation_ratio", equalTo(4.0f))
                .body(inventories + ".MEMORY_MB.allocation_ratio", equalTo(1.0f))
                .body(inventories + ".MEMORY_MB.min_unit", equalTo(1))
                .body(inventories + ".MEMORY_MB.max_unit", equalTo(16384))
                .body(inventories + ".MEMORY_MB.step_size", equalTo(1))
                .body(inventories + ".DISK_GB.total", equalTo(100));
    }

    @Test
    void reservedMemoryIsNeverOfferedAndTheRatioMultipliesWhatIsLeft() {
        String host = fleet.register(new Resources(4, 10000, 100));
        setInventory(host, "MEMORY_MB", "{\"reserved\": 2000}").statusCode(200)
                .body("reserved", equalTo(2000)).body("total", equalTo(10000));

        assertFails(build(UUID.randomUUID(), new Resources(1, 9000, 1), forcedOnto(host)));
        assertPlaced(host, new Resources(1, 8000, 1));

        setInventory(host, "MEMORY_MB", "{\"allocation_ratio\": 1.5}").statusCode(200);
        assertPlaced(host, new Resources(1, 4000, 1)); // (10000 - 2000) * 1.5 = 12000 = 8000 + 4000
        assertFails(build(UUID.randomUUID(), new Resources(1, 1, 1), forcedOnto(host)));
    }

    @Test
    void anInventoryChangeIsRefusedWithAReasonWhenItCannotBeMade() {
        String host = fleet.register(new Resources(4, 10000, 100));

        setInventory(host, "MEMORY_MB", "{\"total\": 5}").statusCode(400)
                .body("errors[0].detail", containsString("agent"));
        setInventory(host, "MEMORY_MB", "{\"reserved\": -1}").statusCode(400)
                .body("errors[0].detail", containsString("reserved"));
        setInventory(host, "VCPU", "{\"allocation_ratio\": 0}").statusCode(400)
                .body("errors[0].detail", containsString("allocation_ratio"));
        setInventory(host, "GPU", "{\"reserved\": 1}").statusCode(400)
                .body("errors[0].detail", containsString("GPU"));
        setInventory("no-such-host", "VCPU", "{\"reserved\": 1}").statusCode(404);
    }

    @Test
    void aHostInMaintenanceTakesNoNewInstanceNotEvenAForcedOneUntilItLeavesMaintenance() {
        String host = fleet.register(new Resources(8, 16384, 100));
        given().contentType("application/json").body("{\"maintenance\": true, \"maintenance_reason\": \"new DIMMs\"}")
                .put("/hosts/" + host + "/status").then().statusCode(200)
                .body("host.maintenance", equalTo(true))
                .body("host.maintenance_reason", equalTo("new DIMMs"))
                .body("host.enabled", equalTo(true));

        String reason = assertFails(build(UUID.randomUUID(), new Resources(1, 128, 1), forcedOnto(host)));
        assertTrue(reason.contains("MaintenanceFilter: 1 eliminated"), reason);

        given().contentType("application/json").body("{\"maintenance\": false}")
                .put("/hosts/" + host + "/status").then().statusCode(200).body("host.maintenance", equalTo(false));
        assertPlaced(host, new Resources(1, 128, 1));
    }

    @Test
    void aNoValidHostFaultSaysHowManyHostsEachFilterEliminated() {
        String small = fleet.register(new Resources(2, 1024, 10));

        String reason = assertFails(build(UUID.randomUUID(), new Resources(1, 2048, 20), forcedOnto(small)));

        assertTrue(reason.startsWith("No valid host was found. There are not enough hosts available for 1 vCPU,"
                + " 2048 MiB RAM and 20 GiB disk"), reason);
        assertTrue(reason.contains("HostFilter (requested host " + small + "): "), reason);
        assertTrue(reason.contains("ComputeFilter (up): 0 eliminated; MaintenanceFilter: 0 eliminated;"
                + " CoreFilter (VCPU): 0 eliminated; RamFilter (MEMORY_MB): 1 eliminated;"
                + " DiskFilter (DISK_GB): 0 eliminated."), reason);

        Fleet.markDown(small);
        given().get("/placement/resource_providers").then()
                .body("resource_providers.find { it.name == '" + small + "' }.state", equalTo("down"));
        reason = assertFails(build(UUID.randomUUID(), new Resources(1, 2048, 20), forcedOnto(small)));
        assertTrue(reason.contains("ComputeFilter (up): 1 eliminated; MaintenanceFilter: 0 eliminated;"), reason);
    }

    @Test
    void aServerGroupPolicyIsCountedAsAFilterOfItsOwn() {
        String host = fleet.register(new Resources(8, 16384, 100));
        PlacementHints group = new PlacementHints(UUID.randomUUID(), "anti-affinity", host);
        assertPlaced(host, new Resources(1, 128, 1), group);

        String reason = assertFails(build(UUID.randomUUID(), new Resources(1, 128, 1), group));

        assertTrue(reason.contains("ServerGroupAntiAffinityFilter (server group " + group.groupId()
                + "'s anti-affinity policy): 1 eliminated"), reason);
    }

    private static io.restassured.response.ValidatableResponse setInventory(String host, String resourceClass,
            String body) {
        return given().contentType("application/json").body(body)
                .put("/placement/resource_providers/" + host + "/inventories/" + resourceClass).then();
    }

    private void assertPlaced(String host, Resources resources) {
        assertPlaced(host, resources, forcedOnto(host));
    }

    private void assertPlaced(String host, Resources resources, PlacementHints hints) {
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, resources, hints));
        assertEquals(host, bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host());
    }

    private String assertFails(dev.kumo.contracts.instance.BuildInstance build) {
        bus.send(build);
        return bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(build.instanceId()), WAIT).reason();
    }
}
