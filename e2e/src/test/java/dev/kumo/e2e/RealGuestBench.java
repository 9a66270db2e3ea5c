package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (run by {@code ./kumo bench}): real kumo-tiny guests on the system's real-QEMU host (TCG
 * here): from POST to ACTIVE, to the guest's first console line and to its "ready" line, for a guest whose image
 * is not cached yet, for one whose image is, and for 5 guests booted at once. Figures go to
 * .kumo/bench/real-guests.txt.
 */
class RealGuestBench {

    private static final Duration BOOT = Duration.ofMinutes(5);
    /** Guests booted at once: 5, or 3 in the quick run (under TCG each boot costs ~10 CPU-seconds). */
    private static final int AT_ONCE = Boolean.getBoolean("kumo.bench.quick") ? 3 : 5;

    @Test
    void realGuests() throws Exception {
        KumoSystem.ensureUp();
        Compute admin = Compute.as("admin");
        String host = qemuHost(admin);
        String image = Images.bootable(admin.token());
        List<String> servers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            Boot first = boot(admin, host, image, "bench-real-first", servers);
            Boot cached = boot(admin, host, image, "bench-real-cached", servers);
            List<Future<Boot>> boots = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < AT_ONCE; i++) {
                String name = "bench-real-at-once-" + i;
                boots.add(pool.submit(() -> boot(admin, host, image, name, servers)));
            }
            List<Boot> atOnce = new ArrayList<>();
            for (Future<Boot> boot : boots) {
                atOnce.add(boot.get());
            }
            double allReady = (System.nanoTime() - started) / 1e9;
            report(first, cached, atOnce, allReady);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            List<String> created = List.copyOf(servers);
            for (String id : created) {
                admin.request().delete("/compute/v2.1/servers/" + id);
            }
            for (String id : created) {
                admin.awaitGone(id, Duration.ofMinutes(2));
            }
        }
    }

    /** Times of one guest, in ms from its POST. */
    record Boot(long active, long firstLine, long ready) {
    }

    private static Boot boot(Compute admin, String host, String image, String name, List<String> servers) {
        long posted = System.nanoTime();
        String id = admin.request().contentType(ContentType.JSON)
                .body(Map.of("server", Map.of("name", name, "flavorRef", "42", "imageRef", image,
                        "availability_zone", "nova:" + host)))
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        servers.add(id);
        long[] active = {0};
        long[] firstLine = {0};
        await().atMost(BOOT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (active[0] == 0) {
                String status = admin.show(id).then().extract().path("server.status");
                if ("ERROR".equals(status)) {
                    throw new AssertionError("server " + name + " failed: " + admin.show(id).asString());
                }
                if ("ACTIVE".equals(status)) {
                    active[0] = elapsedMs(posted);
                }
            }
            if (active[0] == 0) {
                return false;
            }
            String console = admin.request().contentType(ContentType.JSON)
                    .body(Map.of("os-getConsoleOutput", Map.of()))
                    .post("/compute/v2.1/servers/" + id + "/action").then().extract().path("output");
            if (firstLine[0] == 0 && console != null && !console.isBlank()) {
                firstLine[0] = elapsedMs(posted);
            }
            return console != null && console.contains("kumo-tiny: ready");
        });
        return new Boot(active[0], firstLine[0], elapsedMs(posted));
    }

    private static long elapsedMs(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void report(Boot first, Boot cached, List<Boot> atOnce, double allReady) throws Exception {
        String table = String.format(Locale.ROOT, """
                metric (ms from POST; TCG, kumo-tiny, m1.nano)      ACTIVE   1st console line   'ready'
                image not cached (downloaded, verified)           %7d   %16d   %7d
                image cached                                      %7d   %16d   %7d
                %d at once, median                                 %7d   %16d   %7d
                %d at once, slowest                                %7d   %16d   %7d
                %d at once: all ready after                        %.1f s
                """,
                first.active(), first.firstLine(), first.ready(),
                cached.active(), cached.firstLine(), cached.ready(),
                AT_ONCE, median(atOnce, Boot::active), median(atOnce, Boot::firstLine), median(atOnce, Boot::ready),
                AT_ONCE, max(atOnce, Boot::active), max(atOnce, Boot::firstLine), max(atOnce, Boot::ready),
                AT_ONCE, allReady);
        Path out = KumoSystem.ROOT.resolve(".kumo/bench/real-guests.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.print(table);
    }

    private static long median(List<Boot> boots, java.util.function.ToLongFunction<Boot> field) {
        List<Long> values = boots.stream().map(field::applyAsLong).sorted().toList();
        return values.get(values.size() / 2);
    }

    private static long max(List<Boot> boots, java.util.function.ToLongFunction<Boot> field) {
        return boots.stream().mapToLong(field).max().orElse(0);
    }

    private static String qemuHost(Compute admin) {
        List<String> hosts = admin.request().get("/compute/v2.1/os-services?binary=nova-compute").then()
                .statusCode(200).extract().path("services.host");
        return hosts.stream().filter(name -> name.endsWith("-qemu")).findFirst().orElseThrow(() ->
                new AssertionError("no real-QEMU host (./kumo up --qemu-host) among " + hosts));
    }
}
