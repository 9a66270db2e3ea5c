package dev.kumo.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rescheduling and evacuation through the whole system, on a compute agent of its own that simulates six test hosts,
 * four of which have a broken hypervisor (every spawn fails, injected by {@code kumo.agent.test.refuse-spawns}):
 * <ul>
 * <li>zone "broken" has three broken hosts: a server there is tried on each of them, then fails with a fault that
 * names all three attempts;</li>
 * <li>zone "mixed" has one broken and two working hosts: a server there ends ACTIVE on a working host, with any
 * failed attempt in its instance actions;</li>
 * <li>evacuation: the admin forces the server's host down (os-services force-down), sees {@code host_status} DOWN,
 * evacuates it to the other working host, and finds it ACTIVE there with an evacuation migration, and its domain
 * gone from the old host.</li>
 * </ul>
 */
class ReschedulingAndEvacuationTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final int PORT = 8099;
    private static final String PREFIX = "e2e-retry-" + UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> HOSTS = IntStream.rangeClosed(1, 6)
            .mapToObj(i -> "%s-%04d".formatted(PREFIX, i)).toList();
    private static final List<String> BROKEN = HOSTS.subList(0, 4);

    private static ServiceProcess agent;
    private static final List<Integer> aggregates = new ArrayList<>();
    private static final Compute admin = Compute.as("admin");
    private static final Compute alice = Compute.as("alice");

    @BeforeAll
    static void agentWithBrokenHosts() {
        KumoSystem.ensureUp();
        agent = ServiceProcess.start(PREFIX, "compute-agent", PORT, "256m", Map.of(
                "KUMO_AGENT_HYPERVISOR", "test",
                "KUMO_AGENT_HOST_NAME", PREFIX,
                "KUMO_AGENT_SIMULATED_HOSTS", "6",
                "KUMO_AGENT_TEST_REFUSE_SPAWNS", String.join(",", BROKEN),
                "KUMO_AGENT_STATE_DIR", KumoSystem.ROOT.resolve(".kumo/data/" + PREFIX).toString(),
                "KUMO_AGENT_ADVERTISED_URL", "http://127.0.0.1:" + PORT));
        await().atMost(SETTLE).untilAsserted(() -> admin.request().get("/compute/v2.1/os-services").then()
                .statusCode(200).body("services.host", hasItem(HOSTS.get(5))));
        zone("broken", HOSTS.subList(0, 3));
        zone("mixed", HOSTS.subList(3, 6));
    }

    @AfterAll
    static void removeAgent() {
        for (int aggregate : aggregates) {
            List<String> hosts = admin.request().get("/compute/v2.1/os-aggregates/" + aggregate).then()
                    .extract().path("aggregate.hosts");
            for (String host : hosts == null ? List.<String>of() : hosts) {
                admin.request().contentType(ContentType.JSON).body(Map.of("remove_host", Map.of("host", host)))
                        .post("/compute/v2.1/os-aggregates/" + aggregate + "/action");
            }
            admin.request().delete("/compute/v2.1/os-aggregates/" + aggregate);
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aBuildThatFailsOnEveryHostItTriesEndsInErrorNamingEachAttempt() {
        String id = createIn(zoneName("broken"), "e2e-unlucky");
        // Whatever order the scheduler tries them in, the three broken hosts of the zone each get one attempt.
        try {
            assertEquals("ERROR", alice.awaitSettled(id, SETTLE));
            String fault = alice.show(id).then().extract().path("server.fault.message");
            assertTrue(fault.startsWith("Exceeded maximum number of retries."), fault);
            for (String host : HOSTS.subList(0, 3)) {
                assertTrue(fault.contains(host + ": Host " + host + " could not spawn the instance"), fault);
            }
            List<Map<String, Object>> events = admin.request().get("/compute/v2.1/servers/" + id
                    + "/os-instance-actions/" + createRequestOf(id)).then().statusCode(200)
                    .extract().path("instanceAction.events");
            for (String host : HOSTS.subList(0, 3)) {
                assertEquals(1, events.stream().filter(event -> "Error".equals(event.get("result"))
                        && String.valueOf(event.get("traceback")).startsWith("Host " + host + " could not spawn"))
                        .count(), "each failed attempt is an event of the create action: " + events);
            }
            assertEquals(fault, events.get(events.size() - 1).get("traceback"), "the last step ends with the fault");
        } finally {
            deleteQuietly(id);
        }
    }

    @Test
    void aBuildOnAZoneWithABrokenHostEndsActiveOnAWorkingOneAndCanBeEvacuated() {
        String id = createIn(zoneName("mixed"), "e2e-lucky");
        try {
            assertEquals("ACTIVE", alice.awaitSettled(id, SETTLE));
            String source = admin.show(id).then().extract().path("server.'OS-EXT-SRV-ATTR:host'");
            assertTrue(HOSTS.subList(4, 6).contains(source), source + " is a working host");
            String target = source.equals(HOSTS.get(4)) ? HOSTS.get(5) : HOSTS.get(4);

            evacuate(id, target).then().statusCode(400)
                    .body("badRequest.message", equalTo("Compute service of " + source + " is still in use."));
            forceDown(source, true);
            try {
                admin.request().header("OpenStack-API-Version", "compute 2.16").get("/compute/v2.1/servers/" + id)
                        .then().body("server.host_status", equalTo("DOWN"));
                alice.request().header("OpenStack-API-Version", "compute 2.16").get("/compute/v2.1/servers/" + id)
                        .then().body("server", not(org.hamcrest.Matchers.hasKey("host_status")));

                evacuate(id, target).then().statusCode(200);

                await().atMost(SETTLE).untilAsserted(() -> admin.show(id).then()
                        .body("server.'OS-EXT-SRV-ATTR:host'", equalTo(target))
                        .body("server.status", equalTo("ACTIVE"))
                        .body("server.'OS-EXT-STS:task_state'", nullValue()));
                admin.request().header("OpenStack-API-Version", "compute 2.23")
                        .get("/compute/v2.1/os-migrations?instance_uuid=" + id).then().statusCode(200)
                        .body("migrations[0].migration_type", equalTo("evacuation"))
                        .body("migrations[0].status", equalTo("done"))
                        .body("migrations[0].source_compute", equalTo(source))
                        .body("migrations[0].dest_compute", equalTo(target));
                await().atMost(SETTLE).untilAsserted(() -> {
                    Map<String, List<String>> domains = given().get(agent.url() + "/agent/domains").then()
                            .extract().path("hosts");
                    assertTrue(domains.get(target).contains(id), "runs on the new host: " + domains);
                    assertTrue(!domains.get(source).contains(id), "gone from the old host: " + domains);
                });
            } finally {
                forceDown(source, false);
            }
        } finally {
            deleteQuietly(id);
        }
    }

    private static io.restassured.response.Response evacuate(String id, String host) {
        return admin.request().header("OpenStack-API-Version", "compute 2.29").contentType(ContentType.JSON)
                .body(Map.of("evacuate", Map.of("host", host)))
                .post("/compute/v2.1/servers/" + id + "/action");
    }

    private static void forceDown(String host, boolean down) {
        admin.request().header("OpenStack-API-Version", "compute 2.11").contentType(ContentType.JSON)
                .body(Map.of("host", host, "binary", "nova-compute", "forced_down", down))
                .put("/compute/v2.1/os-services/force-down").then().statusCode(200)
                .body("service.forced_down", equalTo(down));
    }

    private static String createRequestOf(String id) {
        List<Map<String, Object>> actions = admin.request().get("/compute/v2.1/servers/" + id + "/os-instance-actions")
                .then().statusCode(200).extract().path("instanceActions");
        return actions.stream().filter(action -> "create".equals(action.get("action")))
                .map(action -> (String) action.get("request_id")).findFirst().orElseThrow();
    }

    private static String createIn(String zone, String name) {
        return alice.request().contentType(ContentType.JSON)
                .body(Map.of("server", Map.of("name", name, "flavorRef", "42",
                        "imageRef", Images.bootable(alice.token()), "availability_zone", zone)))
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
    }

    private static void deleteQuietly(String id) {
        alice.request().delete("/compute/v2.1/servers/" + id);
        alice.awaitGone(id, SETTLE);
    }

    private static String zoneName(String zone) {
        return PREFIX + "-" + zone;
    }

    private static void zone(String zone, List<String> hosts) {
        int aggregate = admin.request().contentType(ContentType.JSON)
                .body(Map.of("aggregate", Map.of("name", zoneName(zone), "availability_zone", zoneName(zone))))
                .post("/compute/v2.1/os-aggregates").then().statusCode(200).extract().path("aggregate.id");
        aggregates.add(aggregate);
        for (String host : hosts) {
            admin.request().contentType(ContentType.JSON).body(Map.of("add_host", Map.of("host", host)))
                    .post("/compute/v2.1/os-aggregates/" + aggregate + "/action").then().statusCode(200);
        }
    }
}
