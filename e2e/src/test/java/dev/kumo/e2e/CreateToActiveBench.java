package dev.kumo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (run by {@code ./kumo bench}): how long a server takes from POST to ACTIVE on
 * libvirt's test driver, one at a time, and how many servers per second reach ACTIVE when many clients
 * create at once. Figures go to .kumo/bench/create-to-active.txt.
 */
class CreateToActiveBench {

    private static final boolean QUICK = Boolean.getBoolean("kumo.bench.quick");
    private static final int SINGLE = QUICK ? 30 : 200;
    private static final int BURST = QUICK ? 40 : 200;
    private static final int CLIENTS = 10;
    private static final int WARM_UP = 30;

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void createToActive() throws Exception {
        Compute alice = Compute.as("alice");
        Compute.roomyQuotas(alice.projectId());
        List<String> created = new ArrayList<>();
        warmUp(alice, created);

        LightClient client = new LightClient(alice.token(), Images.bootable(alice.token()));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < SINGLE; i++) {
            long start = System.nanoTime();
            String id = client.create("bench-single-" + i);
            client.awaitActive(id);
            latencies.add(System.nanoTime() - start);
            created.add(id);
        }

        long burstStart = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            int n = i;
            burst.add(clients.submit(() -> {
                String id = client.create("bench-burst-" + n);
                client.awaitActive(id);
                return id;
            }));
        }
        for (Future<String> server : burst) {
            created.add(server.get());
        }
        double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
        clients.shutdown();

        report(latencies, burstSeconds);
        for (String id : created) {
            alice.delete(id);
        }
        for (String id : created) {
            alice.awaitGone(id, Duration.ofSeconds(60));
        }
    }

    /** Enough creates for the JIT to compile the create path in every service, so the figures are steady state. */
    private static void warmUp(Compute alice, List<String> created) {
        for (int i = 0; i < WARM_UP; i++) {
            String id = alice.createServer("bench-warmup-" + i, "42");
            awaitActive(alice, id);
            created.add(id);
        }
    }

    private static void awaitActive(Compute alice, String id) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < giveUp) {
            String status = alice.show(id).then().extract().path("server.status");
            if ("ACTIVE".equals(status)) {
                return;
            }
            if ("ERROR".equals(status)) {
                throw new AssertionError("server " + id + " went to ERROR during the benchmark");
            }
            sleep(2);
        }
        throw new AssertionError("server " + id + " not ACTIVE within 60 s");
    }

    private static void report(List<Long> latencies, double burstSeconds) throws IOException {
        Collections.sort(latencies);
        String table = String.format(Locale.ROOT, """
                metric                                   value
                create -> ACTIVE p50 (single, %d runs)    %.1f ms
                create -> ACTIVE p99 (single)             %.1f ms
                create -> ACTIVE max (single)             %.1f ms
                burst: %d servers, %d clients             %.2f s (%.1f servers/s)
                """,
                latencies.size(), percentile(latencies, 50), percentile(latencies, 99),
                latencies.get(latencies.size() - 1) / 1e6,
                BURST, CLIENTS, burstSeconds, BURST / burstSeconds);
        Path out = KumoSystem.ROOT.resolve(".kumo/bench/create-to-active.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.print(table);
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
