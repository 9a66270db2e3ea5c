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
    /** Each warm-up round: a burst of this many creates from {@link #CLIENTS} clients, then a probe of singles. */
    private static final int WARM_UP_BURST = 100;
    private static final int PROBE = 30;
    /** At most this many warm-up rounds (3 in the quick run, which then may report "not yet steady"). */
    private static final int WARM_UP_ROUNDS_MAX = Integer.getInteger("kumo.bench.warm-up-rounds", QUICK ? 3 : 10);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void createToActive() throws Exception {
        Compute alice = Compute.as("alice");
        Compute.roomyQuotas(alice.projectId());
        List<String> created = new ArrayList<>();
        LightClient client = new LightClient(alice.token(), Images.bootable(alice.token()));
        WarmUp warmUp = warmUp(alice, client);
        List<Long> latencies = singles(client, "bench-single-", SINGLE, created);

        long burstStart = System.nanoTime();
        burst(client, "bench-burst-", BURST, created);
        double burstSeconds = (System.nanoTime() - burstStart) / 1e9;

        report(latencies, warmUp, burstSeconds);
        deleteAll(alice, created);
        Compute.defaultQuotas(alice.projectId());
    }

    private static void deleteAll(Compute alice, List<String> servers) {
        for (String id : servers) {
            alice.delete(id);
        }
        for (String id : servers) {
            alice.awaitGone(id, Duration.ofSeconds(60));
        }
    }

    /** Creates servers one after the other, each awaited to ACTIVE; returns their latencies in nanoseconds. */
    private static List<Long> singles(LightClient client, String prefix, int count, List<String> created)
            throws IOException, InterruptedException {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            String id = client.create(prefix + i);
            created.add(id);
            client.awaitActive(id);
            latencies.add(System.nanoTime() - start);
        }
        return latencies;
    }

    /** The p50 of the first round (a freshly started system) and how many creates it took to reach steady state. */
    private record WarmUp(double coldP50, int creates, boolean steady) {
    }

    /** Creates servers from {@link #CLIENTS} clients at once, each awaited to ACTIVE. */
    private static void burst(LightClient client, String prefix, int count, List<String> created) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> burst = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                burst.add(clients.submit(() -> {
                    String id = client.create(prefix + n);
                    client.awaitActive(id);
                    return id;
                }));
            }
            for (Future<String> server : burst) {
                created.add(server.get());
            }
        } finally {
            clients.shutdown();
        }
    }

    /**
     * Brings the system from freshly started to running: every service JIT-compiles its create path over the first
     * few hundred creates, which on a fresh system more than doubles the p50. A round is a burst that exercises the
     * path, then a probe of single creates; the warm-up ends when a probe no longer improves on the best before it
     * by 5 %. The first probe, before any burst, is the freshly started system's figure.
     */
    private static WarmUp warmUp(Compute alice, LightClient client) throws Exception {
        List<String> created = new ArrayList<>();
        double cold = probe(client, 0, created);
        double best = cold;
        int creates = created.size();
        for (int round = 1; round <= WARM_UP_ROUNDS_MAX; round++) {
            deleteAll(alice, created);
            created.clear();
            burst(client, "bench-warmup-" + round + "-", WARM_UP_BURST, created);
            double p50 = probe(client, round, created);
            creates += created.size();
            if (p50 > best * 0.95) {
                deleteAll(alice, created);
                return new WarmUp(cold, creates, true);
            }
            best = p50;
        }
        deleteAll(alice, created);
        return new WarmUp(cold, creates, false);
    }

    private static double probe(LightClient client, int round, List<String> created) throws Exception {
        List<Long> latencies = singles(client, "bench-probe-" + round + "-", PROBE, created);
        Collections.sort(latencies);
        double p50 = percentile(latencies, 50);
        System.out.printf(Locale.ROOT, "CreateToActiveBench warm-up round %d: probe p50 %.1f ms%n", round, p50);
        return p50;
    }

    private static void report(List<Long> latencies, WarmUp warmUp, double burstSeconds) throws IOException {
        Collections.sort(latencies);
        String table = String.format(Locale.ROOT, """
                metric                                          value
                create -> ACTIVE p50 (single, %d runs)           %.1f ms
                create -> ACTIVE p99 (single)                    %.1f ms
                create -> ACTIVE max (single)                    %.1f ms
                freshly started system: p50 of the first %d     %.1f ms
                warm-up before the figures above                %d creates%s
                burst: %d servers, %d clients                    %.2f s (%.1f servers/s)
                """,
                latencies.size(), percentile(latencies, 50), percentile(latencies, 99),
                latencies.get(latencies.size() - 1) / 1e6,
                PROBE, warmUp.coldP50(), warmUp.creates(), warmUp.steady() ? "" : " (not yet steady)",
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
}
