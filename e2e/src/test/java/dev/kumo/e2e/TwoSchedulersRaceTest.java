package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.MessageBus;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two scheduler processes on one PostgreSQL, splitting {@code kumo.instance.requests}' partitions in one consumer
 * group, race for the same few hosts with thousands of builds sent at once: no host ends past its capacity × ratio,
 * every build gets exactly one answer, and every scheduled build holds exactly one allocation.
 *
 * <p>The race hosts are this test's own (registered and kept alive on Kafka, as an agent does) and only its builds
 * fit them: they offer a huge number of vCPUs and no memory, the builds ask for more vCPUs than any real host has
 * and no memory, and every real flavor asks for memory. The hosts never spawn anything, so the cleanup lets them go
 * down (a delete then releases at once) and removes their rows.
 */
class TwoSchedulersRaceTest {

    private static final int BUILDS = Integer.getInteger("kumo.race.builds", 3000);
    private static final int SENDERS = 32;
    private static final int HOSTS = 6;
    /** A build asks for 1, 2 or 3 of these vCPU units; a host offers SLOTS of them after the ratio. */
    private static final int UNIT = 1000;
    private static final int SLOTS = 60;
    private static final double CPU_RATIO = Double.parseDouble(
            System.getenv().getOrDefault("KUMO_CPU_ALLOCATION_RATIO", "4.0"));
    private static final String DB = "jdbc:postgresql://127.0.0.1:5433/kumo_scheduler";

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void twoSchedulersNeverOvercommitAHostNorLoseOrDuplicateAnAllocation() throws Exception {
        String prefix = "race-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= HOSTS; i++) {
            hosts.add(prefix + i);
        }
        Map<UUID, Integer> units = new HashMap<>();
        for (int i = 0; i < BUILDS; i++) {
            units.put(UUID.randomUUID(), 1 + ThreadLocalRandom.current().nextInt(3));
        }
        try (MessageBus bus = new MessageBus(KumoSystem.KAFKA)) {
            var heartbeats = Executors.newSingleThreadScheduledExecutor();
            ServiceProcess second = null;
            try {
                register(bus, hosts);
                heartbeats.scheduleAtFixedRate(() -> hosts.forEach(host -> bus.send(
                        new HostHeartbeat(host, Instant.now(), 0))), 0, 2, TimeUnit.SECONDS);
                second = ServiceProcess.start("scheduler-2", "scheduler", 8097, "256m",
                        Map.of("KUMO_INSTANCE_NAME", "scheduler-2"));
                long firstBefore = decisions(KumoSystem.SCHEDULER);
                awaitHostsKnown(hosts);

                List<SchedulingOutcomes.Outcome> outcomes = race(bus, units);

                long bySecond = decisions(second.url());
                long byFirst = decisions(KumoSystem.SCHEDULER) - firstBefore;
                System.out.printf("TwoSchedulersRaceTest: %d builds, first scheduler decided %d, second %d%n",
                        BUILDS, byFirst, bySecond);
                assertTrue(bySecond > 0 && byFirst > 0,
                        "both schedulers decide some builds: first " + byFirst + ", second " + bySecond);
                assertAccountedForExactlyOnce(prefix, units, outcomes);
            } finally {
                heartbeats.shutdownNow();
                if (second != null) {
                    second.close();
                }
                cleanUp(bus, prefix);
            }
        }
    }

    private static void register(MessageBus bus, List<String> hosts) {
        Resources capacity = new Resources((int) (SLOTS * UNIT / CPU_RATIO), 0, 0);
        for (String host : hosts) {
            bus.send(new HostRegistered(host, "test", "test", "test:///default", capacity, Instant.now(),
                    "http://127.0.0.1:9"));
        }
    }

    private static void awaitHostsKnown(List<String> hosts) {
        await().atMost(Duration.ofSeconds(60)).until(() -> hosts.stream().allMatch(host ->
                RestAssured.given().baseUri(KumoSystem.SCHEDULER).get("/hosts/" + host).statusCode() == 200
                        && "up".equals(RestAssured.given().baseUri(KumoSystem.SCHEDULER).get("/hosts/" + host)
                                .then().extract().path("host.state"))));
    }

    /** Sends every build from many threads at once; returns the answers once every build has one. */
    private static List<SchedulingOutcomes.Outcome> race(MessageBus bus, Map<UUID, Integer> units)
            throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        try (SchedulingOutcomes outcomes = new SchedulingOutcomes(units.keySet())) {
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            try {
                List<Future<?>> sent = new ArrayList<>();
                units.forEach((id, n) -> sent.add(senders.submit(() -> bus.send(new BuildInstance(id, "e2e-race",
                        "e2e-race", "race-" + id, "race", new Resources(n * UNIT, 0, 0), "none", deadline,
                        PlacementHints.NONE)))));
                for (Future<?> future : sent) {
                    future.get();
                }
            } finally {
                senders.shutdown();
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> outcomes.answered() == units.size());
            Thread.sleep(2_000); // a duplicate answer would come right after
            return outcomes.all();
        }
    }

    private static void assertAccountedForExactlyOnce(String prefix, Map<UUID, Integer> units,
            List<SchedulingOutcomes.Outcome> outcomes) throws SQLException {
        Map<UUID, String> scheduledOn = new HashMap<>();
        Set<UUID> failed = new HashSet<>();
        for (SchedulingOutcomes.Outcome outcome : outcomes) {
            if (outcome.scheduled()) {
                assertEquals(null, scheduledOn.put(outcome.instanceId(), outcome.host()),
                        "instance " + outcome.instanceId() + " was scheduled twice");
            } else {
                assertTrue(failed.add(outcome.instanceId()), "instance " + outcome.instanceId() + " failed twice");
            }
        }
        failed.forEach(id -> assertTrue(!scheduledOn.containsKey(id), id + " was both scheduled and failed"));
        assertEquals(units.size(), scheduledOn.size() + failed.size(), "scheduled + failed == sent");
        assertTrue(!failed.isEmpty(), "the race exhausted the hosts: some builds found no room");

        try (Connection db = DriverManager.getConnection(DB, "kumo", "kumo")) {
            Map<UUID, String> allocated = new HashMap<>();
            try (ResultSet rows = db.createStatement().executeQuery(
                    "select instance_id, host, vcpus from allocation where host like '" + prefix + "%'")) {
                while (rows.next()) {
                    UUID id = (UUID) rows.getObject(1);
                    assertEquals(null, allocated.put(id, rows.getString(2)), id + " is allocated twice");
                    assertEquals(units.get(id) * UNIT, rows.getInt(3), "the allocation of " + id);
                }
            }
            assertEquals(scheduledOn, allocated, "every scheduled build, and nothing else, holds one allocation"
                    + " on the host it was scheduled to");
            try (ResultSet rows = db.createStatement().executeQuery("""
                    select h.name, h.vcpus, h.used_vcpus, coalesce(sum(a.vcpus), 0)
                    from host h left join allocation a on a.host = h.name
                    where h.name like '%s%%' group by h.name, h.vcpus, h.used_vcpus
                    """.formatted(prefix))) {
                int seen = 0;
                while (rows.next()) {
                    seen++;
                    String host = rows.getString(1);
                    long capacity = (long) (rows.getInt(2) * CPU_RATIO);
                    long used = rows.getLong(3);
                    assertTrue(used <= capacity, host + " is overcommitted: " + used + " of " + capacity);
                    assertEquals(rows.getLong(4), used, host + "'s usage is the sum of its allocations");
                }
                assertEquals(HOSTS, seen);
            }
        }
    }

    /** Placement decisions a scheduler made so far (placed or no valid host), from its metrics. */
    private static long decisions(String scheduler) {
        String metrics = RestAssured.given().baseUri(scheduler).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("kumo_scheduler_placed_total")
                        || line.startsWith("kumo_scheduler_no_valid_host_total"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * The hosts never confirm a destroy: once they are down a delete releases at once. Then their rows go, so no
     * other suite sees them.
     */
    private static void cleanUp(MessageBus bus, String prefix) throws SQLException {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                RestAssured.given().baseUri(KumoSystem.SCHEDULER).get("/hosts").then().extract()
                        .<List<Map<String, Object>>>path("hosts").stream()
                        .filter(host -> ((String) host.get("name")).startsWith(prefix))
                        .allMatch(host -> "down".equals(host.get("state"))));
        try (Connection db = DriverManager.getConnection(DB, "kumo", "kumo")) {
            List<UUID> allocated = new ArrayList<>();
            try (ResultSet rows = db.createStatement().executeQuery(
                    "select instance_id from allocation where host like '" + prefix + "%'")) {
                while (rows.next()) {
                    allocated.add((UUID) rows.getObject(1));
                }
            }
            allocated.forEach(id -> bus.send(new DeleteInstance(id, "e2e-race")));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(db, "select count(*) from allocation where host like '" + prefix + "%'") == 0);
            db.createStatement().executeUpdate("delete from host where name like '" + prefix + "%'");
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
