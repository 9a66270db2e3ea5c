package dev.kumo.gateway.servers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.instance.EvacuateInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.gateway.identity.TestProjects;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.gateway.images.TestImages;
import dev.kumo.gateway.networks.TestNetworks;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * evacuate, os-services force-down and host_status against a real PostgreSQL and Kafka broker; the test plays the
 * scheduler's /hosts (WireMock) and its and the hosts' events. A server runs on compute-1; compute-2 is a spare.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class EvacuateApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @OidcWireMock
    WireMockServer oidc;

    private MessageBus bus;

    @BeforeEach
    void connect() {
        TestImages.serve(oidc);
        TestNetworks.serve(oidc);
        bus = new MessageBus(bootstrapServers);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        TestProjects.roomy();
        host("compute-2", "up", false);
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void aServerWhoseHostIsUpIsNotEvacuated() {
        host("compute-1", "up", false);
        String id = activeServer("e2e-up");

        evacuate(Tokens.admin(), id, "{\"evacuate\": {}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Compute service of compute-1 is still in use."));
        server(id).body("server.'OS-EXT-STS:task_state'", nullValue());
    }

    @Test
    void onlyAdminsEvacuateAndAnotherProjectsServerIsNotFound() {
        host("compute-1", "down", true);
        String id = activeServer("e2e-mine");

        evacuate(Tokens.alice(), id, "{\"evacuate\": {}}").then().statusCode(403);
        evacuate(Tokens.bob(), id, "{\"evacuate\": {}}").then().statusCode(404);
    }

    @Test
    void badEvacuationsAreRefusedAndChangeNothing() {
        host("compute-1", "down", true);
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts/nowhere")).willReturn(aResponse().withStatus(404)));
        String id = activeServer("e2e-bad");

        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.1").contentType(ContentType.JSON)
                .body("{\"evacuate\": {}}").post("/compute/v2.1/servers/" + id + "/action").then().statusCode(400)
                .body("badRequest.message", containsString("onSharedStorage"));
        evacuate(Tokens.admin(), id, "{\"evacuate\": {\"force\": true}}").then().statusCode(400);
        evacuate(Tokens.admin(), id, "{\"evacuate\": {\"host\": \"compute-1\"}}").then().statusCode(400)
                .body("badRequest.message", equalTo("The target host can't be the same one."));
        evacuate(Tokens.admin(), id, "{\"evacuate\": {\"host\": \"nowhere\"}}").then().statusCode(404)
                .body("itemNotFound.message", equalTo("Compute host nowhere not found."));
        evacuate(Tokens.admin(), id, "{\"evacuate\": {\"color\": \"red\"}}").then().statusCode(400);
        server(id).body("server.'OS-EXT-STS:task_state'", nullValue());
        assertTrue(bus.all(EvacuateInstance.class, e -> e.instanceId().toString().equals(id)).isEmpty());
    }

    @Test
    void anEvacuationGoesToTheSchedulerAndTheNewHostsAnswerMakesTheServerActiveThere() {
        host("compute-1", "down", true);
        String id = activeServer("e2e-moved");

        evacuate(Tokens.admin(), id, "{\"evacuate\": {\"host\": \"compute-2\"}}").then().statusCode(200);

        EvacuateInstance request = bus.await(EvacuateInstance.class, e -> e.instanceId().toString().equals(id), WAIT);
        assertEquals("compute-1", request.sourceHost());
        assertEquals("compute-2", request.targetHost());
        assertEquals(TestImages.ACTIVE, request.rebuild().imageRef());
        assertEquals("e2e-moved", request.rebuild().name());
        server(id).body("server.'OS-EXT-STS:task_state'", equalTo("rebuilding"));

        bus.send(new InstanceActive(UUID.fromString(id), "compute-2", "kumo-" + id, Instant.now()));

        await().atMost(WAIT).untilAsserted(() -> as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ACTIVE"))
                .body("server.'OS-EXT-STS:task_state'", nullValue())
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-2")));
        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.23")
                .get("/compute/v2.1/os-migrations?instance_uuid=" + id).then().statusCode(200)
                .body("migrations[0].migration_type", equalTo("evacuation"))
                .body("migrations[0].status", equalTo("done"))
                .body("migrations[0].source_compute", equalTo("compute-1"))
                .body("migrations[0].dest_compute", equalTo("compute-2"));
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + request.requestId()).then()
                .statusCode(200).body("instanceAction.action", equalTo("evacuate"))
                .body("instanceAction.events[0].result", equalTo("Success"));
    }

    @Test
    void aStoppedServerIsStoppedAgainOnItsNewHostAndItsEvacuationEndsWithTheStop() {
        String id = activeServer("e2e-stopped");
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"os-stop\": null}")
                .post("/compute/v2.1/servers/" + id + "/action").then().statusCode(202);
        OperateInstance stop = bus.await(OperateInstance.class, c -> c.instanceId().toString().equals(id), WAIT);
        bus.send(new InstanceOperated(stop.instanceId(), "compute-1", PowerOperation.STOP, PowerState.SHUTDOWN,
                stop.requestId(), null));
        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.status", equalTo("SHUTOFF")));
        host("compute-1", "down", true);

        evacuate(Tokens.admin(), id, "{\"evacuate\": {}}").then().statusCode(200);
        EvacuateInstance request = bus.await(EvacuateInstance.class, e -> e.instanceId().toString().equals(id), WAIT);
        bus.send(new InstanceActive(UUID.fromString(id), "compute-2", "kumo-" + id, Instant.now()));

        OperateInstance stopAgain = bus.await(OperateInstance.class, c -> c.instanceId().toString().equals(id)
                && c.host().equals("compute-2"), WAIT);
        assertEquals(PowerOperation.STOP, stopAgain.operation());
        assertEquals(request.requestId(), stopAgain.requestId());
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-STS:task_state'", equalTo("powering-off"))
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-2")));
        bus.send(new InstanceOperated(stopAgain.instanceId(), "compute-2", PowerOperation.STOP, PowerState.SHUTDOWN,
                stopAgain.requestId(), null));

        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.status", equalTo("SHUTOFF"))
                .body("server.'OS-EXT-STS:task_state'", nullValue()));
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + request.requestId()).then()
                .statusCode(200).body("instanceAction.action", equalTo("evacuate"))
                .body("instanceAction.events[0].result", equalTo("Success"));
    }

    @Test
    void withNowhereToGoTheServerStaysAsItWasAndTheActionSaysWhy() {
        host("compute-1", "down", true);
        String id = activeServer("e2e-stuck");
        evacuate(Tokens.admin(), id, "{\"evacuate\": {}}").then().statusCode(200);
        EvacuateInstance request = bus.await(EvacuateInstance.class, e -> e.instanceId().toString().equals(id), WAIT);

        bus.send(new InstanceBuildFailed(UUID.fromString(id), null, 500, "Evacuation failed: No valid host was found."));

        await().atMost(WAIT).untilAsserted(() -> as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ACTIVE"))
                .body("server.'OS-EXT-STS:task_state'", nullValue())
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-1")));
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + request.requestId()).then()
                .body("instanceAction.message", equalTo("Evacuation failed: No valid host was found."));
    }

    @Test
    void adminsSeeFrom216WhetherAServersHostIsDown() {
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts")).willReturn(json("{\"hosts\": [" + hostJson("compute-1",
                "down", true) + ", " + hostJson("compute-2", "up", false) + "]}")));
        String id = activeServer("e2e-status");

        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.16").get("/compute/v2.1/servers/" + id).then()
                .body("server.host_status", equalTo("DOWN"));
        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.16")
                .get("/compute/v2.1/servers/detail?all_tenants=1").then()
                .body("servers.find { it.id == '" + id + "' }.host_status", equalTo("DOWN"));
        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.15").get("/compute/v2.1/servers/" + id).then()
                .body("server", not(hasKey("host_status")));
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.16").get("/compute/v2.1/servers/" + id).then()
                .body("server", not(hasKey("host_status")));
    }

    @Test
    void anAdminForcesAHostDownFrom211() {
        oidc.stubFor(put(urlPathEqualTo("/auth/hosts/compute-1/status"))
                .willReturn(json("{\"host\": " + hostJson("compute-1", "down", true) + "}")));

        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.11").contentType(ContentType.JSON)
                .body("{\"host\": \"compute-1\", \"binary\": \"nova-compute\", \"forced_down\": true}")
                .put("/compute/v2.1/os-services/force-down").then().statusCode(200)
                .body("service.forced_down", equalTo(true))
                .body("service.host", equalTo("compute-1"));
        oidc.verify(putRequestedFor(urlPathEqualTo("/auth/hosts/compute-1/status"))
                .withRequestBody(equalToJson("{\"forced_down\": true}")));
        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.11").contentType(ContentType.JSON)
                .body("{\"host\": \"compute-1\", \"binary\": \"nova-compute\", \"forced_down\": \"yes\"}")
                .put("/compute/v2.1/os-services/force-down").then().statusCode(400);
        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.10").contentType(ContentType.JSON)
                .body("{\"host\": \"compute-1\", \"binary\": \"nova-compute\", \"forced_down\": true}")
                .put("/compute/v2.1/os-services/force-down").then().statusCode(404);
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.11").contentType(ContentType.JSON)
                .body("{\"host\": \"compute-1\", \"binary\": \"nova-compute\", \"forced_down\": true}")
                .put("/compute/v2.1/os-services/force-down").then().statusCode(403);
    }

    private void host(String name, String state, boolean forcedDown) {
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts/" + name))
                .willReturn(json("{\"host\": " + hostJson(name, state, forcedDown) + "}")));
    }

    private static String hostJson(String name, String state, boolean forcedDown) {
        return "{\"id\": 1, \"name\": \"" + name + "\", \"state\": \"" + state + "\", \"enabled\": true,"
                + " \"forced_down\": " + forcedDown + ", \"maintenance\": false}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private String activeServer(String name) {
        String id = as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \""
                        + TestImages.ACTIVE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        bus.send(new InstanceActive(UUID.fromString(id), "compute-1", "kumo-" + id, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.status", equalTo("ACTIVE")));
        return id;
    }

    private static io.restassured.response.ValidatableResponse server(String id) {
        return as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then();
    }

    private static io.restassured.response.Response evacuate(String token, String id, String body) {
        return as(token).header("OpenStack-API-Version", "compute 2.29").contentType(ContentType.JSON).body(body)
                .post("/compute/v2.1/servers/" + id + "/action");
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
