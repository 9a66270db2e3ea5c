package dev.kumo.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (run by {@code ./kumo bench}): {@code GET /servers/detail} of a project with 1,000
 * servers, from 50 concurrent clients, on libvirt's test driver. The clients accept gzip and inflate the answer,
 * as python-requests (under the openstack CLI and openstacksdk) does; the time includes the inflating. Figures go to .kumo/bench/list-detail.txt.
 */
class ListDetailBench {

    private static final boolean QUICK = Boolean.getBoolean("kumo.bench.quick");
    private static final int SERVERS = 1000;
    private static final int CREATORS = 20;
    private static final int CLIENTS = 50;
    private static final Duration MEASURE = Duration.ofSeconds(QUICK ? 15 : 45);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void listDetailUnderLoad() throws Exception {
        Compute bob = Compute.as("bob");
        Compute.roomyQuotas(bob.projectId());
        List<String> created = new ArrayList<>();
        try {
            createServers(bob, created);
            List<Long> latencies = measure(bob);
            report(latencies);
        } finally {
            for (String id : created) {
                bob.delete(id);
            }
            for (String id : created) {
                bob.awaitGone(id, Duration.ofSeconds(120));
            }
        }
    }

    /** Creates the servers (recording each id at once, so a failure still cleans up) and waits for ACTIVE. */
    private static void createServers(Compute bob, List<String> ids) throws Exception {
        ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            int n = i;
            futures.add(creators.submit(() -> bob.createServer("list-bench-" + n, "42")));
        }
        for (Future<String> future : futures) {
            ids.add(future.get());
        }
        creators.shutdown();
        for (String id : ids) {
            String status = bob.awaitSettled(id, Duration.ofSeconds(180));
            if (!"ACTIVE".equals(status)) {
                throw new AssertionError("server " + id + " ended " + status + " (is there room for " + SERVERS
                        + " 1-vCPU servers? ./kumo up --hosts N adds simulated hosts)");
            }
        }
    }

    /**
     * Each client fetches the whole body as bytes: parsing 1,000 servers of JSON in the client would measure
     * the client on this shared 2-core machine, not the API. One answer is parsed to check it is complete.
     */
    private static List<Long> measure(Compute bob) throws Exception {
        int listed = bob.request().get("/compute/v2.1/servers/detail").then().statusCode(200)
                .extract().path("servers.size()");
        if (listed < SERVERS) {
            throw new AssertionError("listed " + listed + " servers, expected " + SERVERS);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest list = HttpRequest.newBuilder(URI.create(KumoSystem.API + "/compute/v2.1/servers/detail"))
                .header("X-Auth-Token", bob.token()).header("Accept-Encoding", "gzip").GET().build();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + MEASURE.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> answer = http.send(list, HttpResponse.BodyHandlers.ofByteArray());
                    byte[] json = inflated(answer);
                    latencies.add(System.nanoTime() - start);
                    if (answer.statusCode() != 200 || json.length < SERVERS * 500) {
                        throw new AssertionError("GET /servers/detail answered " + answer.statusCode() + " with "
                                + json.length + " bytes");
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted;
    }

    /** What python-requests (the CLI, openstacksdk) does: ask for gzip and inflate what comes. */
    private static byte[] inflated(HttpResponse<byte[]> answer) throws IOException {
        if (!"gzip".equals(answer.headers().firstValue("Content-Encoding").orElse(""))) {
            return answer.body();
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(answer.body()))) {
            return in.readAllBytes();
        }
    }

    private static void report(List<Long> sorted) throws IOException {
        String table = String.format(Locale.ROOT, """
                metric                                          value
                GET /servers/detail p50 (%d servers, %d clients)  %.1f ms
                GET /servers/detail p99                          %.1f ms
                GET /servers/detail throughput                   %.1f lists/s (%d in %d s)
                """,
                SERVERS, CLIENTS, percentile(sorted, 50), percentile(sorted, 99),
                sorted.size() / (double) MEASURE.toSeconds(), sorted.size(), MEASURE.toSeconds());
        Path out = KumoSystem.ROOT.resolve(".kumo/bench/list-detail.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.print(table);
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
