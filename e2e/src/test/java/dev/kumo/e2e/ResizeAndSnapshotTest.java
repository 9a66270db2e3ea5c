package dev.kumo.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * createImage and resize through every service: the gateway, the scheduler's claims, the agent on libvirt, the
 * image service and Keycloak's service account for the agent.
 */
class ResizeAndSnapshotTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aSnapshotBecomesAnActiveImageOfTheTenantThatBootsAnotherServer() {
        Compute alice = Compute.as("alice");
        String base = Images.bootable(alice.token());
        String id = alice.createServer("e2e-snapshot-source", "42");
        assertEquals("ACTIVE", alice.awaitSettled(id, SETTLE));

        String location = action(alice, id, Map.of("createImage", Map.of("name", "e2e-snap",
                "metadata", Map.of("purpose", "e2e")))).then().statusCode(202)
                .header("Location", containsString("/images/")).extract().header("Location");
        String snapshot = location.substring(location.lastIndexOf('/') + 1);
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> image(alice, snapshot)
                    .then().statusCode(200).body("status", equalTo("active")));
            String baseHash = image(alice, base).then().extract().path("os_hash_value");
            image(alice, snapshot).then()
                    .body("os_hash_value", equalTo(baseHash))
                    .body("instance_uuid", equalTo(id))
                    .body("image_type", equalTo("snapshot"))
                    .body("purpose", equalTo("e2e"))
                    .body("visibility", equalTo("private"))
                    .body("owner", equalTo(alice.projectId()));
            await().atMost(SETTLE).untilAsserted(() -> alice.show(id).then()
                    .body("server.'OS-EXT-STS:task_state'", equalTo(null)));
            image(Compute.as("bob"), snapshot).then().statusCode(404);

            String clone = alice.request().contentType(ContentType.JSON)
                    .body(Map.of("server", Map.of("name", "e2e-from-snapshot", "flavorRef", "42",
                            "imageRef", snapshot)))
                    .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
            assertEquals("ACTIVE", alice.awaitSettled(clone, SETTLE));
            alice.delete(clone);
            alice.awaitGone(clone, SETTLE);
        } finally {
            alice.delete(id);
            alice.awaitGone(id, SETTLE);
            alice.request().delete("/image/v2/images/" + snapshot);
        }
    }

    @Test
    void aResizeConfirmedAndAnotherRevertedLeaveExactlyTheKeptFlavorClaimedAndNothingAfterDelete() {
        Compute alice = Compute.as("alice");
        Map<String, Object> usageBefore = Placement.usages();
        String id = alice.createServer("e2e-resize", "42");
        assertEquals("ACTIVE", alice.awaitSettled(id, SETTLE));
        String host = hostOf(id);

        action(alice, id, Map.of("resize", Map.of("flavorRef", "1"))).then().statusCode(202);
        awaitStatus(alice, id, "VERIFY_RESIZE");
        assertEquals(512, memoryClaimed(id, host));
        action(alice, id, Map.of("confirmResize", Map.of())).then().statusCode(204);
        awaitStatus(alice, id, "ACTIVE");
        alice.show(id).then().body("server.flavor.id", equalTo("1"));

        action(alice, id, Map.of("resize", Map.of("flavorRef", "2"))).then().statusCode(202);
        awaitStatus(alice, id, "VERIFY_RESIZE");
        assertEquals(2048, memoryClaimed(id, host));
        action(alice, id, Map.of("revertResize", Map.of())).then().statusCode(202);
        awaitStatus(alice, id, "ACTIVE");
        alice.show(id).then().body("server.flavor.id", equalTo("1"));
        assertEquals(512, memoryClaimed(id, host));

        alice.delete(id);
        alice.awaitGone(id, SETTLE);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(usageBefore.get(host), Placement.usages().get(host), "no claim left on " + host));
    }

    private static String hostOf(String id) {
        String host = Compute.as("admin").show(id).then().extract().path("server.'OS-EXT-SRV-ATTR:host'");
        assertNotNull(host);
        return host;
    }

    @SuppressWarnings("unchecked")
    private static int memoryClaimed(String id, String host) {
        Map<String, Object> onHost = (Map<String, Object>) Placement.allocations(id).get(host);
        return (Integer) ((Map<String, Object>) onHost.get("resources")).get("MEMORY_MB");
    }

    private static void awaitStatus(Compute who, String id, String status) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> who.show(id).then()
                .body("server.status", equalTo(status)));
    }

    private static io.restassured.response.Response action(Compute who, String id, Map<String, Object> body) {
        return who.request().contentType(ContentType.JSON).body(body)
                .post("/compute/v2.1/servers/" + id + "/action");
    }

    private static io.restassured.response.Response image(Compute who, String id) {
        return given().baseUri(KumoSystem.API).header("X-Auth-Token", who.token()).get("/image/v2/images/" + id);
    }
}
