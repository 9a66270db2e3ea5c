package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.testsupport.MessageBus;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (run by {@code ./kumo bench}): the control plane beside a simulated fleet of N test-driver
 * hosts in one more agent process. Per N: how many placement decisions per second the scheduler makes for builds sent
 * straight onto {@code kumo.instance.requests} and their latency (the scheduler's own decision timer), then a boot
 * storm through the API (servers/s to ACTIVE, success rate, hosts past capacity × ratio afterwards).
 * Figures go to .kumo/bench/fleet.txt.
 */
class FleetBench {

    private static final boolean QUICK = Boolean.getBoolean("kumo.bench.quick");
    /** The fleet sizes, e.g. -Dkumo.bench.fleets=10000 to look at one. */
    private static final List<Integer> FLEETS = java.util.Arrays.stream(
            System.getProperty("kumo.bench.fleets", QUICK ? "100,1000" : "100,1000,10000").split(","))
            .map(String::strip).filter(size -> !size.isEmpty()).map(Integer::valueOf).toList();
    private static final int DECISIONS = QUICK ? 300 : 2000;
    private static final int STORM = QUICK ? 100 : 1000;
    private static final int CLIENTS = 50;
    private static final int AGENT_PORT = 8098;
    private static final String PROJECT = "bench-fleet";
    private static final String DB = "jdbc:postgresql://127.0.0.1:5433/kumo_scheduler";
    private static final Pattern BUCKET = Pattern.compile(
            "^kumo_scheduler_placement_decision_seconds_bucket\\{.*le=\"([^\"]+)\".*} ([0-9.eE+]+)$");
    private static final Pattern SERVER_ID = Pattern.compile("\"id\":\"[0-9a-f-]{36}\"");

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void fleet() throws Exception {
        Compute alice = Compute.as("alice");
        Compute.roomyQuotas(alice.projectId());
        List<String> rows = new ArrayList<>();
        try {
            for (int hosts : FLEETS) {
                rows.add(run(alice, hosts));
                report(rows);
            }
        } finally {
            Compute.defaultQuotas(alice.projectId());
        }
    }

    private static String run(Compute alice, int hosts) throws Exception {
        String prefix = "fleet" + hosts;
        Path state = KumoSystem.ROOT.resolve(".kumo/data/agent-" + prefix);
        long started = System.nanoTime();
        try (ServiceProcess agent = ServiceProcess.start("compute-agent-" + prefix, agentApp(), AGENT_PORT,
                hosts >= 5000 ? "1g" : "512m", Map.of("KUMO_AGENT_HYPERVISOR", "test",
                        "KUMO_AGENT_SIMULATED_HOSTS", Integer.toString(hosts), "KUMO_AGENT_HOST_NAME", prefix,
                        "KUMO_AGENT_STATE_DIR", state.toString()))) {
            double ready = seconds(started);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> upHosts(prefix) == hosts);
            double allUp = seconds(started);
            long rss = rssKib(agent.pid());
            Decisions decisions = decisions();
            Storm storm = storm(alice, prefix);
            String row = String.format(Locale.ROOT,
                    "%6d  %8.1f  %7.1f  %6d  %8.0f  %6.1f  %6.1f  %6d  %8.1f  %6.1f%%  %5d",
                    hosts, ready, allUp, rss / 1024, decisions.perSecond(), decisions.p50(), decisions.p99(),
                    STORM, storm.perSecond(), storm.successRate(), storm.overcommitted());
            System.out.println("FleetBench: " + row);
            return row;
        } finally {
            forgetHosts(prefix);
            deleteTree(state);
        }
    }

    /** The simulated fleet's app when the system runs one (./kumo up --hosts N), else the lone agent's. */
    private static String agentApp() {
        return Files.isDirectory(KumoSystem.ROOT.resolve(".kumo/run/apps/compute-agent-sim")) ? "compute-agent-sim"
                : "compute-agent";
    }

    private record Decisions(double perSecond, double p50, double p99) {
    }

    /**
     * Builds sent straight to the scheduler as one burst, the way the gateway's outbox relay publishes (every record
     * handed to the producer, then every ack awaited); each one placed on a real (simulated) host. Not 16 threads
     * each waiting for its own ack: on 2 cores that load generator used half a core, and its 2,000 produce
     * requests loaded the broker, beside the scheduler it measures.
     */
    private static Decisions decisions() throws Exception {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < DECISIONS; i++) {
            ids.add(UUID.randomUUID());
        }
        Map<Double, Double> before = buckets();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        double elapsed;
        List<UUID> scheduled = new ArrayList<>();
        try (MessageBus bus = new MessageBus(KumoSystem.KAFKA);
                SchedulingOutcomes outcomes = new SchedulingOutcomes(ids)) {
            long start = System.nanoTime();
            bus.sendAll(ids.stream().map(id -> new BuildInstance(id, PROJECT, PROJECT, "bench-" + id, "42",
                    new Resources(1, 64, 1), "none", deadline, PlacementHints.NONE)).toList());
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> outcomes.answered() == ids.size());
            long last = outcomes.all().stream().mapToLong(SchedulingOutcomes.Outcome::seenAtNanos).max().orElseThrow();
            elapsed = (last - start) / 1e9;
            outcomes.all().stream().filter(SchedulingOutcomes.Outcome::scheduled)
                    .forEach(outcome -> scheduled.add(outcome.instanceId()));
            scheduled.forEach(id -> bus.send(new DeleteInstance(id, PROJECT)));
        }
        Map<Double, Double> after = buckets();
        try (Connection db = DriverManager.getConnection(DB, "kumo", "kumo")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> count(db,
                    "select count(*) from allocation where project_id = '" + PROJECT + "'") == 0);
        }
        return new Decisions(DECISIONS / elapsed, quantile(before, after, 0.5), quantile(before, after, 0.99));
    }

    private record Storm(double perSecond, double successRate, long overcommitted) {
    }

    /** STORM servers created through the API by CLIENTS clients at once, watched to ACTIVE (or ERROR). */
    private static Storm storm(Compute alice, String prefix) throws Exception {
        String name = "storm-" + prefix + "-";
        LightClient client = new LightClient(alice.token(), Images.bootable(alice.token()));
        List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < STORM; i++) {
                int n = i;
                all.add(clients.submit(() -> {
                    try {
                        created.add(client.create(name + n));
                    } catch (Exception | AssertionError e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : all) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }
        System.out.printf(Locale.ROOT, "FleetBench: %d creates answered in %.1f s (%d refused)%n", STORM,
                seconds(start), refused.get());
        int[] settled = new int[2];
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
            settled[0] = countServers(alice, name, "ACTIVE");
            settled[1] = countServers(alice, name, "ERROR");
            return settled[0] + settled[1] >= created.size();
        });
        double elapsed = seconds(start);
        long overcommitted;
        try (Connection db = DriverManager.getConnection(DB, "kumo", "kumo")) {
            overcommitted = count(db, """
                    select count(*) from host where used_vcpus > vcpus * %s or used_memory_mb > memory_mb * %s
                        or used_disk_gb > disk_gb * %s""".formatted(ratio("CPU", "4.0"), ratio("RAM", "1.0"),
                    ratio("DISK", "1.0")));
        }
        ExecutorService deleters = Executors.newFixedThreadPool(8);
        try {
            for (Future<?> future : created.stream().map(id -> deleters.submit(() -> alice.delete(id))).toList()) {
                future.get();
            }
        } finally {
            deleters.shutdown();
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countServers(alice, name, null) == 0);
        return new Storm(settled[0] / elapsed, 100.0 * settled[0] / STORM, overcommitted);
    }

    private static int countServers(Compute alice, String name, String status) {
        String body = RestAssured.given().baseUri(KumoSystem.API).header("X-Auth-Token", alice.token())
                .queryParam("name", "^" + name).queryParam("limit", 1000)
                .queryParams(status == null ? Map.of() : Map.of("status", status))
                .get("/compute/v2.1/servers").then().statusCode(200).extract().asString();
        int count = 0;
        Matcher ids = SERVER_ID.matcher(body);
        while (ids.find()) {
            count++;
        }
        return count;
    }

    private static String ratio(String resource, String fallback) {
        return System.getenv().getOrDefault("KUMO_" + resource + "_ALLOCATION_RATIO", fallback);
    }

    /** Cumulative counts of the scheduler's decision timer per bucket bound (seconds). */
    private static Map<Double, Double> buckets() {
        String metrics = RestAssured.given().baseUri(KumoSystem.SCHEDULER).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        Map<Double, Double> buckets = new TreeMap<>();
        metrics.lines().map(BUCKET::matcher).filter(Matcher::matches).forEach(m -> buckets.put(
                "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2))));
        return buckets;
    }

    /** The q-quantile in ms of the decisions between two scrapes, interpolated within its bucket; NaN without. */
    static double quantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= q * total) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound * 1000;
                }
                double share = count == lowerCount ? 1 : (q * total - lowerCount) / (count - lowerCount);
                return (lowerBound + share * (bucket.getKey() - lowerBound)) * 1000;
            }
            lowerBound = bucket.getKey();
            lowerCount = count;
        }
        return Double.NaN;
    }

    private static long upHosts(String prefix) throws SQLException {
        try (Connection db = DriverManager.getConnection(DB, "kumo", "kumo")) {
            return count(db, "select count(*) from host where name like '" + prefix + "-%'"
                    + " and last_heartbeat_at > now() - interval '20 seconds'");
        }
    }

    /**
     * The fleet's hosts leave the scheduler's tables once nothing is allocated on them, so no suite sees them. The
     * agent's last heartbeat batches may still be applied meanwhile and lock the same rows: a deadlock is retried.
     */
    private static void forgetHosts(String prefix) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection db = DriverManager.getConnection(DB, "kumo", "kumo")) {
                db.createStatement().executeUpdate("delete from host where name like '" + prefix + "-%'"
                        + " and not exists (select 1 from allocation a where a.host = host.name)");
                return;
            } catch (SQLException e) {
                if (!"40P01".equals(e.getSQLState()) || attempt == 5) {
                    throw e;
                }
                Thread.sleep(2_000);
            }
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long rssKib(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void report(List<String> rows) throws java.io.IOException {
        String table = String.format(Locale.ROOT, """
                simulated fleet in one agent process (test driver)%s
                 hosts  agent up  all up  agent   decide/s   p50 ms  p99 ms  storm  servers/s  success  over-
                          s        s      RSS MiB                                                      commit
                %s
                decisions: %d builds sent straight to kumo.instance.requests in one burst, decide/s to the last
                answer, p50/p99 from the scheduler's kumo.scheduler.placement.decision timer (claim, not commit);
                storm: servers created through the API by %d clients, servers/s to the last ACTIVE or ERROR;
                over-commit: hosts whose usage exceeds capacity x ratio afterwards
                """, QUICK ? " -- quick run: " + FLEETS + " hosts, " + STORM + "-server storms" : "",
                String.join("\n", rows), DECISIONS, CLIENTS);
        Path out = KumoSystem.ROOT.resolve(".kumo/bench/fleet.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.print(table);
    }
}
