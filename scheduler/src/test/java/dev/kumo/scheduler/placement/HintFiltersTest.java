package dev.kumo.scheduler.placement;

import static dev.kumo.scheduler.placement.Fleet.WAIT;
import static dev.kumo.scheduler.placement.Fleet.build;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * same_host/different_host, image properties, traits and aggregate metadata: each filter keeps the right hosts, and a
 * NoValidHost fault counts what it eliminated. Every test's hosts are in a zone of their own, so the counts after
 * the zone filter are of those hosts only.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class HintFiltersTest {

    private static final Resources NANO = new Resources(1, 128, 1);
    private static final Resources HUGE = new Resources(1, 1_000_000, 1);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private MessageBus bus;
    private Fleet fleet;
    private String zone;
    private int aggregate;

    @BeforeEach
    void connect() {
        bus = new MessageBus(bootstrapServers);
        fleet = new Fleet(bus);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        zone = "az-" + UUID.randomUUID();
        aggregate = given().contentType("application/json")
                .body("{\"aggregate\": {\"name\": \"" + zone + "\", \"availability_zone\": \"" + zone + "\"}}")
                .post("/aggregates").then().statusCode(200).extract().path("aggregate.id");
    }

    @AfterEach
    void disconnect() {
        fleet.close();
        bus.close();
    }

    @Test
    void sameHostGoesWhereTheNamedInstanceIsAndDifferentHostKeepsOffIt() {
        String a = inZone(fleet.register(new Resources(8, 16384, 100)));
        String b = inZone(fleet.register(new Resources(8, 16384, 100)));
        String c = inZone(fleet.register(new Resources(8, 16384, 100)));
        UUID onB = placedOn(b);
        UUID onC = placedOn(c);

        for (int i = 0; i < 3; i++) {
            assertEquals(b, placed(zoned().withNeighbours(List.of(onB), List.of())));
            assertEquals(a, placed(zoned().withNeighbours(List.of(), List.of(onB, onC))));
        }
        assertNotEquals(b, placed(zoned().withNeighbours(List.of(), List.of(onB))));

        String reason = fails(HUGE, zoned().withNeighbours(List.of(onB), List.of()));
        assertTrue(reason.contains("SameHostFilter (with instance(s) [" + onB + "]): 2 eliminated"), reason);
        reason = fails(NANO, zoned().withNeighbours(List.of(onB), List.of(onB)));
        assertTrue(reason.contains("DifferentHostFilter (not with instance(s) [" + onB + "]): 1 eliminated"), reason);
        assertTrue(reason.contains("SameHostFilter (with instance(s) [" + onB + "]): 2 eliminated"), reason);
    }

    @Test
    void anImagesArchitectureAndHypervisorTypeKeepItToHostsThatRunThem() {
        String x86 = inZone(fleet.register(new Resources(8, 16384, 100), "qemu", "x86_64", List.of()));
        String arm = inZone(fleet.register(new Resources(8, 16384, 100), "qemu", "aarch64", List.of()));
        String kvm = inZone(fleet.register(new Resources(8, 16384, 100), "kvm", "x86_64", List.of()));

        assertEquals(arm, placed(requiring(List.of(), List.of(), "aarch64", null, Map.of())));
        assertEquals(kvm, placed(requiring(List.of(), List.of(), null, "kvm", Map.of())));
        String qemu = placed(requiring(List.of(), List.of(), "x86_64", "qemu", Map.of()));
        assertTrue(qemu.equals(x86) || qemu.equals(kvm), "a KVM host runs qemu images too: " + qemu);

        String reason = fails(NANO, requiring(List.of(), List.of(), "ppc64", "kvm", Map.of()));
        assertTrue(reason.contains("ImagePropertiesFilter (hw_architecture ppc64, img_hv_type kvm): 3 eliminated"),
                reason);
    }

    @Test
    void requiredTraitsKeepABuildToHostsWithAllOfThemAndForbiddenOnesKeepItOffHostsWithAny() {
        String gpu = inZone(fleet.register(new Resources(8, 16384, 100), "test", "x86_64",
                List.of("COMPUTE_NODE", "HW_CPU_X86_AVX2")));
        String plain = inZone(fleet.register(new Resources(8, 16384, 100), "test", "x86_64",
                List.of("COMPUTE_NODE")));
        setTraits(gpu, List.of("COMPUTE_NODE", "CUSTOM_GPU", "HW_CPU_X86_AVX2"));

        for (int i = 0; i < 3; i++) {
            assertEquals(gpu, placed(requiring(List.of("CUSTOM_GPU", "HW_CPU_X86_AVX2"), List.of(), null, null,
                    Map.of())));
            assertEquals(plain, placed(requiring(List.of("COMPUTE_NODE"), List.of("CUSTOM_GPU"), null, null,
                    Map.of())));
        }
        String reason = fails(NANO, requiring(List.of("CUSTOM_GPU", "CUSTOM_FPGA"), List.of(), null, null, Map.of()));
        assertTrue(reason.contains("RequiredTraitsFilter (CUSTOM_GPU, CUSTOM_FPGA): 2 eliminated"), reason);
        reason = fails(NANO, requiring(List.of(), List.of("COMPUTE_NODE"), null, null, Map.of()));
        assertTrue(reason.contains("ForbiddenTraitsFilter (COMPUTE_NODE): 2 eliminated"), reason);
    }

    @Test
    void aFlavorsAggregateExtraSpecsMustMatchTheMetadataOfAnAggregateOfTheHost() {
        String fast = inZone(fleet.register(new Resources(8, 16384, 100)));
        String slow = inZone(fleet.register(new Resources(8, 16384, 100)));
        int ssd = given().contentType("application/json")
                .body("{\"aggregate\": {\"name\": \"ssd-" + UUID.randomUUID() + "\"}}")
                .post("/aggregates").then().statusCode(200).extract().path("aggregate.id");
        given().contentType("application/json").body("{\"add_host\": {\"host\": \"" + fast + "\"}}")
                .post("/aggregates/" + ssd + "/action").then().statusCode(200);
        given().contentType("application/json")
                .body("{\"set_metadata\": {\"metadata\": {\"disk\": \"ssd, nvme\", \"tier\": \"gold\"}}}")
                .post("/aggregates/" + ssd + "/action").then().statusCode(200);

        for (int i = 0; i < 3; i++) {
            assertEquals(fast, placed(requiring(List.of(), List.of(), null, null, Map.of("disk", "nvme"))));
            assertEquals(fast, placed(requiring(List.of(), List.of(), null, null,
                    Map.of("disk", "ssd", "tier", "gold"))));
        }
        String reason = fails(NANO, requiring(List.of(), List.of(), null, null, Map.of("disk", "hdd")));
        assertTrue(reason.contains("AggregateInstanceExtraSpecsFilter (disk=hdd): 2 eliminated"), reason);
        assertNotEquals(slow, fast);
    }

    @Test
    void traitsAreReplacedOnlyWithTheCurrentGenerationAsInPlacement() {
        String host = fleet.register(new Resources(8, 16384, 100), "test", "x86_64", List.of("COMPUTE_NODE"));
        String uuid = given().get("/placement/resource_providers").then().extract()
                .path("resource_providers.find { it.name == '" + host + "' }.uuid");
        int generation = given().get("/placement/resource_providers/" + uuid + "/traits").then().statusCode(200)
                .body("traits", contains("COMPUTE_NODE")).extract().path("resource_provider_generation");

        given().contentType("application/json").body("{\"resource_provider_generation\": " + generation
                + ", \"traits\": [\"COMPUTE_NODE\", \"CUSTOM_RACK_7\"]}")
                .put("/placement/resource_providers/" + uuid + "/traits").then().statusCode(200)
                .body("resource_provider_generation", equalTo(generation + 1))
                .body("traits", contains("COMPUTE_NODE", "CUSTOM_RACK_7"));
        given().contentType("application/json").body("{\"resource_provider_generation\": " + generation
                + ", \"traits\": []}")
                .put("/placement/resource_providers/" + uuid + "/traits").then().statusCode(409)
                .body("errors[0].code", equalTo("placement.concurrent_update"));
        given().contentType("application/json").body("{\"resource_provider_generation\": " + (generation + 1)
                + ", \"traits\": [\"custom-lower\"]}")
                .put("/placement/resource_providers/" + uuid + "/traits").then().statusCode(400);
        given().contentType("application/json").body("{\"traits\": []}")
                .put("/placement/resource_providers/" + uuid + "/traits").then().statusCode(400);
        given().get("/placement/resource_providers/" + UUID.randomUUID() + "/traits").then().statusCode(404);

        // The agent owns the standard traits, operators the CUSTOM_ ones: a registration changes only the former.
        bus.send(new HostRegistered(host, "test", "test", "test:///default", new Resources(8, 16384, 100),
                Instant.now(), "http://localhost:8094", "x86_64", List.of("COMPUTE_NODE", "HW_CPU_X86_SSE42")));
        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/resource_providers/" + host + "/traits")
                .then().body("traits", contains("COMPUTE_NODE", "CUSTOM_RACK_7", "HW_CPU_X86_SSE42"))
                .body("resource_provider_generation", equalTo(generation + 2)));
        given().get("/placement/resource_providers").then()
                .body("resource_providers.find { it.name == '" + host + "' }.architecture", equalTo("x86_64"));
    }

    @Test
    void aRemovedHostTakesItsTraitsAlong() {
        String host = fleet.register(new Resources(8, 16384, 100), "test", "x86_64", List.of("COMPUTE_NODE"));
        setTraits(host, List.of("COMPUTE_NODE", "CUSTOM_RACK_9"));

        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                dev.kumo.scheduler.hosts.Host.delete("name", host));

        given().get("/placement/resource_providers/" + host + "/traits").then().statusCode(404);
        assertEquals(0L, io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                ((Number) dev.kumo.scheduler.hosts.Host.getEntityManager()
                        .createNativeQuery("select count(*) from host_trait where host = :host")
                        .setParameter("host", host).getSingleResult()).longValue()));
    }

    private String inZone(String host) {
        given().contentType("application/json").body("{\"add_host\": {\"host\": \"" + host + "\"}}")
                .post("/aggregates/" + aggregate + "/action").then().statusCode(200)
                .body("aggregate.hosts", hasItem(host));
        return host;
    }

    private static void setTraits(String host, List<String> traits) {
        int generation = given().get("/placement/resource_providers/" + host + "/traits").then().statusCode(200)
                .extract().path("resource_provider_generation");
        given().contentType("application/json").body(Map.of("resource_provider_generation", generation,
                "traits", traits)).put("/placement/resource_providers/" + host + "/traits").then().statusCode(200);
    }

    private PlacementHints zoned() {
        return new PlacementHints(null, null, null, zone);
    }

    private PlacementHints requiring(List<String> required, List<String> forbidden, String arch, String hvType,
            Map<String, String> aggregateMetadata) {
        return zoned().withHostRequirements(required, forbidden, arch, hvType, aggregateMetadata);
    }

    private UUID placedOn(String host) {
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, NANO, new PlacementHints(null, null, host, null)));
        assertEquals(host, bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host());
        return instance;
    }

    private String placed(PlacementHints hints) {
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, NANO, hints));
        return bus.await(InstanceScheduled.class, e -> e.instanceId().equals(instance), WAIT).host();
    }

    private String fails(Resources resources, PlacementHints hints) {
        UUID instance = UUID.randomUUID();
        bus.send(build(instance, resources, hints));
        return bus.await(InstanceBuildFailed.class, e -> e.instanceId().equals(instance), WAIT).reason();
    }
}
