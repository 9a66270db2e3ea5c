package dev.kumo.scheduler.placement;

import static dev.kumo.scheduler.placement.Fleet.WAIT;
import static dev.kumo.scheduler.placement.Fleet.build;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.scheduler.aggregates.Zones;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Placement as the fleet grows: the decision reads the weigher's index instead of the whole host table, and
 * placements made side by side (several deciders) fill hosts to their capacity and never past it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PlacementAtScaleTest {

    // Larger than any other test's requests and hosts (PackWeigherTest's are 20,000,000), so only these hosts count.
    private static final Resources HUGE = new Resources(1, 70_000_000, 1);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    @Inject
    Zones zones;

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
    void buildsPlacedSideBySideFillEachHostToItsCapacityAndNoFurther() {
        // Room for exactly 4 builds each (280,000,000 and a little more MiB, 70,000,000 a build): 12 in all.
        List<String> hosts = List.of(fleet.register(new Resources(64, 280_000_001, 1000)),
                fleet.register(new Resources(64, 280_000_002, 1000)),
                fleet.register(new Resources(64, 280_000_003, 1000)));
        Set<UUID> builds = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            UUID instance = UUID.randomUUID();
            builds.add(instance);
            bus.send(build(instance, HUGE, PlacementHints.NONE));
        }

        await().atMost(WAIT).until(() -> bus.all(InstanceScheduled.class, e -> builds.contains(e.instanceId())).size()
                + bus.all(InstanceBuildFailed.class, e -> builds.contains(e.instanceId())).size() >= 16);
        List<InstanceScheduled> scheduled = bus.all(InstanceScheduled.class, e -> builds.contains(e.instanceId()));
        Map<String, Long> perHost = scheduled.stream()
                .collect(Collectors.groupingBy(InstanceScheduled::host, Collectors.counting()));
        assertEquals(Map.of(hosts.get(0), 4L, hosts.get(1), 4L, hosts.get(2), 4L), perHost);
        assertEquals(4, bus.all(InstanceBuildFailed.class, e -> builds.contains(e.instanceId())).size());
    }

    @Test
    void aBurstOfBuildsIsPlacedInBatchesEachBuildOnceAndNoHostPastItsCapacity() {
        // Room for exactly 40 builds each: 200 in all, and 10 builds more than fit.
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            hosts.add(fleet.register(new Resources(1000, 40L * HUGE.memoryMb() + i, 1000)));
        }
        double batchesBefore = committedBatches();
        Set<UUID> builds = new HashSet<>();
        List<BuildInstance> burst = new ArrayList<>();
        for (int i = 0; i < 210; i++) {
            UUID instance = UUID.randomUUID();
            builds.add(instance);
            burst.add(build(instance, HUGE, PlacementHints.NONE));
        }
        bus.sendAll(burst);

        await().atMost(WAIT.multipliedBy(3)).until(() -> bus.all(InstanceScheduled.class,
                e -> builds.contains(e.instanceId())).size() + bus.all(InstanceBuildFailed.class,
                e -> builds.contains(e.instanceId())).size() >= 210);
        List<InstanceScheduled> scheduled = bus.all(InstanceScheduled.class, e -> builds.contains(e.instanceId()));
        assertEquals(200, scheduled.stream().map(InstanceScheduled::instanceId).distinct().count());
        assertEquals(200, scheduled.size(), "each build is scheduled once");
        Map<String, Long> perHost = scheduled.stream()
                .collect(Collectors.groupingBy(InstanceScheduled::host, Collectors.counting()));
        hosts.forEach(host -> assertEquals(40L, perHost.get(host), host + " holds " + perHost.get(host)));
        List<InstanceBuildFailed> failed = bus.all(InstanceBuildFailed.class, e -> builds.contains(e.instanceId()));
        assertEquals(10, failed.size());
        failed.forEach(f -> assertTrue(f.reason().contains("RamFilter"), f.reason()));
        assertTrue(committedBatches() > batchesBefore, "some builds were placed together in one transaction");
    }

    private static double committedBatches() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("kumo_messages_batches_total") && line.contains("consumer=\"scheduler\"")
                        && line.contains("outcome=\"committed\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aDecisionReadsTheFirstHostsThatFitFromTheWeighersIndexWhateverTheFleetsSize() {
        Resources request = new Resources(1, 64, 1);
        Instant aliveSince = Instant.now().minusSeconds(30);
        List<String> plans = new ArrayList<>();
        QuarkusTransaction.begin();
        try {
            // 5,000 hosts the planner last counted with older heartbeats, as it always has in a beating fleet.
            entityManager.createNativeQuery("""
                    insert into host (name, hypervisor_type, domain_type, vcpus, memory_mb, disk_gb, registered_at,
                                      last_heartbeat_at)
                    select 'scale-' || i, 'QEMU', 'test', 16, 32768, 1000, now(), now() - interval '10 minutes'
                    from generate_series(1, 5000) i""").executeUpdate();
            entityManager.createNativeQuery("analyze host").executeUpdate();
            entityManager.createNativeQuery("update host set last_heartbeat_at = now() where name like 'scale-%'")
                    .executeUpdate();

            for (Weigher weigher : Weigher.values()) {
                plans.add(plan(request, PlacementHints.NONE, aliveSince, f -> f.candidateQuery(weigher)));
                plans.add(plan(request, PlacementHints.NONE, aliveSince, f -> f.bestUnlockedHostQuery(weigher)));
                plans.add(plan(request, new PlacementHints(null, null, null, "az1"), aliveSince,
                        f -> f.candidateQuery(weigher)));
            }
        } finally {
            QuarkusTransaction.rollback();
        }

        assertEquals(6, plans.size());
        for (String plan : plans) {
            assertTrue(plan.contains("Index Scan") && plan.contains("free_memory"), plan);
            assertFalse(plan.contains("Sort"), plan);
            assertFalse(plan.contains("Seq Scan"), plan);
        }
    }

    private String plan(Resources request, PlacementHints hints, Instant aliveSince,
            Function<HostFilters, String> query) {
        HostFilters filters = HostFilters.of(request, hints, aliveSince, zones);
        @SuppressWarnings("unchecked")
        String sql = query.apply(filters);
        Query explain = filters.bind(entityManager.createNativeQuery("explain " + sql));
        if (sql.contains(":limit")) {
            explain.setParameter("limit", 8);
        }
        List<String> lines = explain.getResultList().stream().map(String::valueOf).toList();
        return String.join("\n", lines);
    }
}
