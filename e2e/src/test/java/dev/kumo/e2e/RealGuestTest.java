package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real QEMU guest (TCG here) booted from kumo-tiny through the public API on the system's real-QEMU host
 * ({@code ./kumo up --qemu-host}, reachable only by forcing it: {@code availability_zone nova:<host>}): it reads its
 * config drive and prints what it found on its serial console, which the test reads back through
 * {@code os-getConsoleOutput}. Then a snapshot of its disk boots a second guest, which is stopped, started and
 * rebooted; both are deleted, and the host is left with no domain, disk, config drive or cached image of theirs.
 */
class RealGuestTest {

    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final Path HOST_STATE = KumoSystem.ROOT.resolve(".kumo/data/agent-qemu");

    private static Compute admin;
    private static final List<String> servers = new ArrayList<>();
    private static final List<String> images = new ArrayList<>();
    private static String keyName;
    private static String qemuHost;

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
        admin = Compute.as("admin");
        keyName = "e2e-real-" + UUID.randomUUID().toString().substring(0, 8);
        qemuHost = Hypervisors.qemuHost(admin);
    }

    @AfterAll
    static void cleanUp() {
        if (admin == null) {
            return;
        }
        servers.forEach(id -> admin.request().delete("/compute/v2.1/servers/" + id));
        images.forEach(id -> admin.request().delete("/image/v2/images/" + id));
        admin.request().delete("/compute/v2.1/os-keypairs/" + keyName);
    }

    @Test
    void aGuestSeesItsUserDataAndKeyAndItsSnapshotBootsAnotherThatLeavesNothingBehind() {
        String publicKey = admin.request().contentType(ContentType.JSON)
                .body(Map.of("keypair", Map.of("name", keyName)))
                .post("/compute/v2.1/os-keypairs").then().statusCode(200).extract().path("keypair.public_key");
        String marker = "e2e-" + UUID.randomUUID();

        long posted = System.nanoTime();
        String first = boot("e2e-real-1", Images.bootable(admin.token()), Map.of("key_name", keyName,
                "user_data", base64("echo " + marker + "\n<not markup> & \"quotes\"\n")));
        assertEquals("ACTIVE", admin.awaitSettled(first, BOOT), () -> fault(first));
        long active = System.nanoTime();
        String console = awaitConsole(first, "kumo-tiny: ready");
        long ready = System.nanoTime();

        assertTrue(console.contains("kumo-tiny: uuid " + first), console);
        assertTrue(console.contains("kumo-tiny: user_data echo " + marker), console);
        assertTrue(console.contains("kumo-tiny: user_data <not markup> & \"quotes\""), console);
        assertTrue(console.contains("kumo-tiny: public_key " + keyName + " " + publicKey.strip()), console);
        System.out.printf("[real guest] POST->ACTIVE %d ms, POST->'ready' on the console %d ms%n",
                (active - posted) / 1_000_000, (ready - posted) / 1_000_000);

        String snapshot = snapshot(first);
        admin.request().get("/image/v2/images/" + snapshot).then().statusCode(200)
                .body("disk_format", equalTo("qcow2"));
        String second = boot("e2e-real-2", snapshot, Map.of());
        assertEquals("ACTIVE", admin.awaitSettled(second, BOOT), () -> fault(second));
        assertTrue(awaitConsole(second, "kumo-tiny: ready").contains("kumo-tiny: uuid " + second));

        act(second, Map.of("os-stop", Map.of()), "SHUTOFF");
        act(second, Map.of("os-start", Map.of()), "ACTIVE");
        act(second, Map.of("reboot", Map.of("type", "HARD")), "ACTIVE");

        for (String id : List.of(first, second)) {
            admin.delete(id);
            admin.awaitGone(id, SETTLE);
            assertEquals(List.of(), Hypervisors.hostsWithDomainOf(id), "no domain of " + id + " is left");
            assertFalse(Files.exists(HOST_STATE.resolve("instances").resolve(id)), "the files of " + id + " are gone");
        }
        assertEquals(List.of(), cachedImages(), "no unreferenced image is left in the host's cache");
    }

    private static String boot(String name, String imageRef, Map<String, Object> extra) {
        Map<String, Object> server = new java.util.HashMap<>(Map.of("name", name, "flavorRef", "42",
                "imageRef", imageRef, "availability_zone", "nova:" + qemuHost, "metadata", Map.of("suite", "e2e")));
        server.putAll(extra);
        String id = admin.request().contentType(ContentType.JSON).body(Map.of("server", server))
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        servers.add(id);
        return id;
    }

    private static String snapshot(String id) {
        String location = action(id, Map.of("createImage", Map.of("name", "e2e-real-snapshot"))).then()
                .statusCode(202).extract().header("Location");
        String image = location.substring(location.lastIndexOf('/') + 1);
        images.add(image);
        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> admin.request()
                .get("/image/v2/images/" + image).then().statusCode(200).body("status", equalTo("active")));
        await().atMost(SETTLE).untilAsserted(() -> admin.show(id).then()
                .body("server.'OS-EXT-STS:task_state'", equalTo(null)).body("server.status", equalTo("ACTIVE")));
        return image;
    }

    private static void act(String id, Map<String, Object> body, String expected) {
        action(id, body).then().statusCode(202);
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> admin.show(id).then()
                .body("server.status", equalTo(expected)).body("server.'OS-EXT-STS:task_state'", equalTo(null)));
    }

    private static Response action(String id, Map<String, Object> body) {
        return admin.request().contentType(ContentType.JSON).body(body)
                .post("/compute/v2.1/servers/" + id + "/action");
    }

    private static String awaitConsole(String id, String line) {
        String[] console = {""};
        await().atMost(BOOT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            console[0] = action(id, Map.of("os-getConsoleOutput", Map.of())).then().statusCode(200)
                    .extract().path("output");
            return console[0] != null && console[0].contains(line);
        });
        return console[0];
    }

    private static String fault(String id) {
        return "server " + id + ": " + admin.show(id).asString();
    }

    private static List<String> cachedImages() {
        Path cache = HOST_STATE.resolve("image-cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
