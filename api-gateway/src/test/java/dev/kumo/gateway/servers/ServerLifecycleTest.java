package dev.kumo.gateway.servers;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.kumo.contracts.MessageHeaders;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.AbortBuild;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceScheduled;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.gateway.identity.TestProjects;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.gateway.images.TestImages;
import dev.kumo.gateway.networks.TestNetworks;
import io.quarkus.test.oidc.server.OidcWireMock;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compute API of api-gateway against a real PostgreSQL and Kafka broker. The test plays the
 * scheduler and the host by reading the requests the gateway sends and answering with events.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ServerLifecycleTest {

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
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        TestProjects.roomy();
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void aCreatedServerIsInBuildAndItsRequestGoesToTheScheduler() {
        String id = create(Tokens.alice(), "web-1", "42");

        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .statusCode(200)
                .body("server.status", equalTo("BUILD"))
                .body("server.name", equalTo("web-1"))
                .body("server.tenant_id", equalTo(Tokens.ACME))
                .body("server.flavor.id", equalTo("42"))
                .body("server.'OS-EXT-STS:task_state'", equalTo("scheduling"));
        BuildInstance build = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT);
        assertEquals(Tokens.ACME, build.projectId());
        assertEquals(128, build.resources().memoryMb());
        assertNotNull(build.deadline());
    }

    @Test
    void theRequestIdOfTheCallTravelsWithTheMessage() {
        String requestId = given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body(serverBody("traced", "42"))
                .post("/compute/v2.1/servers").then().statusCode(202)
                .header("X-OpenStack-Request-ID", startsWith("req-"))
                .extract().header("X-OpenStack-Request-ID");

        await().atMost(WAIT).until(() -> bus.readAll(Topics.INSTANCE_REQUESTS).stream()
                .anyMatch(r -> requestId.equals(MessageBus.header(r, MessageHeaders.REQUEST_ID))));
    }

    @Test
    void aBurstOfEventsIsAppliedTogetherAndOneThatCannotBeIsDeadLetteredWithoutHoldingBackTheOthers() {
        List<String> ids = List.of(create(Tokens.alice(), "burst-1", "42"), create(Tokens.alice(), "burst-2", "42"),
                create(Tokens.alice(), "burst-3", "42"));
        UUID poison = UUID.randomUUID();

        // One poll will likely carry them all: the one naming no instance cannot be applied (its key is a real
        // instance's, so it lands among the others), the batch rolls back and is applied message by message.
        var record = new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(Topics.INSTANCE_EVENTS,
                ids.get(0), "{\"instanceId\": null, \"host\": \"compute-9\"}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(MessageHeaders.MESSAGE_ID, poison.toString().getBytes(StandardCharsets.UTF_8))
                .add(MessageHeaders.TYPE, "instance.active".getBytes(StandardCharsets.UTF_8))
                .add(MessageHeaders.VERSION, "1".getBytes(StandardCharsets.UTF_8));
        bus.resend(record);
        for (String id : ids) {
            bus.send(new InstanceScheduled(UUID.fromString(id), "compute-9"));
            bus.send(new InstanceActive(UUID.fromString(id), "compute-9", "kumo-" + id, Instant.now()));
        }

        for (String id : ids) {
            await().atMost(WAIT).untilAsserted(() -> given().header("X-Auth-Token", Tokens.alice())
                    .get("/compute/v2.1/servers/" + id).then().body("server.status", equalTo("ACTIVE")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.readAll(Topics.DEAD_LETTERS).stream()
                .anyMatch(dead -> poison.toString().equals(MessageBus.header(dead, MessageHeaders.MESSAGE_ID))));
    }

    @Test
    void aServerBecomesActiveWhenItsHostReportsItRunning() {
        String id = create(Tokens.alice(), "web-2", "42");
        UUID instance = UUID.fromString(id);

        bus.send(new InstanceScheduled(instance, "compute-7"));
        bus.send(new InstanceActive(instance, "compute-7", "kumo-" + id, Instant.now()));

        await().atMost(WAIT).untilAsserted(() -> given().header("X-Auth-Token", Tokens.alice())
                .get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ACTIVE"))
                .body("server.'OS-EXT-STS:power_state'", equalTo(1))
                .body("server.hostId", not(equalTo("")))
                .body("server.'OS-EXT-SRV-ATTR:host'", nullValue()));
        given().header("X-Auth-Token", Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-7"));
    }

    @Test
    void aLateFailureDoesNotUndoAnActiveServer() {
        String id = create(Tokens.alice(), "web-3", "42");
        UUID instance = UUID.fromString(id);
        bus.send(new InstanceActive(instance, "compute-7", "kumo-" + id, Instant.now()));
        awaitStatus(Tokens.alice(), id, "ACTIVE");

        bus.send(new InstanceBuildFailed(instance, "compute-7", 500, "too late"));
        bus.send(new InstanceActive(instance, "compute-8", "kumo-" + id, Instant.now()));

        await().during(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() ->
                given().header("X-Auth-Token", Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                        .body("server.status", equalTo("ACTIVE"))
                        .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-7")));
    }

    @Test
    void aFailedBuildShowsErrorWithTheFault() {
        String id = create(Tokens.alice(), "doomed", "42");

        bus.send(new InstanceBuildFailed(UUID.fromString(id), null, 500, "No valid host was found. Nothing fits."));

        awaitStatus(Tokens.alice(), id, "ERROR");
        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.fault.code", equalTo(500))
                .body("server.fault.message", startsWith("No valid host was found."))
                .body("server.fault.created", notNullValue());
    }

    @Test
    void aBuildNobodyAnswersEndsInErrorAtItsDeadlineAndIsAborted() {
        String id = create(Tokens.alice(), "stalled", "42");

        await().atMost(WAIT).untilAsserted(() -> given().header("X-Auth-Token", Tokens.alice())
                .get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ERROR"))
                .body("server.fault.message", containsString("timed out after 8s"))
                .body("server.fault.message", containsString("no host was chosen")));
        bus.await(AbortBuild.class, a -> a.instanceId().toString().equals(id), WAIT);
    }

    @Test
    void aDeletedServerDisappearsOnceItsHostConfirms() {
        String id = create(Tokens.alice(), "short-lived", "42");
        UUID instance = UUID.fromString(id);
        bus.send(new InstanceActive(instance, "compute-7", "kumo-" + id, Instant.now()));
        awaitStatus(Tokens.alice(), id, "ACTIVE");

        given().header("X-Auth-Token", Tokens.alice()).delete("/compute/v2.1/servers/" + id).then().statusCode(204);

        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .statusCode(200).body("server.'OS-EXT-STS:task_state'", equalTo("deleting"));
        bus.await(DeleteInstance.class, d -> d.instanceId().equals(instance), WAIT);
        bus.send(new InstanceDestroyed(instance, "compute-7"));
        await().atMost(WAIT).untilAsserted(() -> given().header("X-Auth-Token", Tokens.alice())
                .get("/compute/v2.1/servers/" + id).then().statusCode(404));
        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers").then()
                .body("servers.id", not(hasItem(id)));
    }

    @Test
    void anUnconfirmedDeleteIsAskedForAgain() {
        String id = create(Tokens.alice(), "sticky", "42");
        UUID instance = UUID.fromString(id);
        given().header("X-Auth-Token", Tokens.alice()).delete("/compute/v2.1/servers/" + id).then().statusCode(204);

        await().atMost(WAIT).until(() -> bus.all(DeleteInstance.class, d -> d.instanceId().equals(instance)).size() >= 2);
    }

    @Test
    void anotherProjectsServerIsNotFound() {
        String id = create(Tokens.alice(), "private", "42");

        given().header("X-Auth-Token", Tokens.bob()).get("/compute/v2.1/servers/" + id).then()
                .statusCode(404)
                .body("itemNotFound.code", equalTo(404))
                .body("itemNotFound.message", equalTo("Instance " + id + " could not be found."));
        given().header("X-Auth-Token", Tokens.bob()).delete("/compute/v2.1/servers/" + id).then().statusCode(404);
        given().header("X-Auth-Token", Tokens.bob()).get("/compute/v2.1/servers").then()
                .body("servers.id", not(hasItem(id)));
        given().header("X-Auth-Token", Tokens.admin()).get("/compute/v2.1/servers/detail?all_tenants=1").then()
                .body("servers.id", hasItem(id));
    }

    @Test
    void aReaderCannotCreate() {
        given().header("X-Auth-Token", Tokens.carol()).contentType(ContentType.JSON).body(serverBody("nope", "42"))
                .post("/compute/v2.1/servers").then()
                .statusCode(403)
                .body("forbidden.message", containsString("os_compute_api:servers:create"));
    }

    @Test
    void aRequestWithoutATokenIsUnauthorized() {
        given().get("/compute/v2.1/servers").then().statusCode(401);
    }

    @Test
    void badInputIsRejectedWithTheFieldNamedAndNothingCreated() {
        int before = given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers").then()
                .extract().path("servers.size()");

        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"flavorRef\": \"42\", \"imageRef\": \"img\"}}")
                .post("/compute/v2.1/servers").then().statusCode(400).body("badRequest.message", containsString("name"));
        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body(serverBody("x", "no-such-flavor"))
                .post("/compute/v2.1/servers").then().statusCode(400)
                .body("badRequest.message", equalTo("Flavor no-such-flavor could not be found."));
        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"x\"}}")
                .post("/compute/v2.1/servers").then().statusCode(400).body("badRequest.message", containsString("flavorRef"));
        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": ")
                .post("/compute/v2.1/servers").then().statusCode(400).body("badRequest.code", equalTo(400));
        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/not-a-uuid").then().statusCode(404);

        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers").then()
                .body("servers.size()", equalTo(before));
    }

    @Test
    void theDemoFlavorsAreListed() {
        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/flavors/detail").then()
                .statusCode(200)
                .body("flavors.find { it.name == 'm1.nano' }.ram", equalTo(128))
                .body("flavors.find { it.name == 'm1.large' }.vcpus", equalTo(4))
                .body("flavors.name", hasItem("m1.medium"));
    }

    @Test
    void theVersionDocumentNeedsNoToken() {
        given().get("/compute/v2.1").then().statusCode(200)
                .body("version.id", equalTo("v2.1"))
                .body("version.min_version", equalTo("2.1"));
    }

    private static String create(String token, String name, String flavor) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON).body(serverBody(name, flavor))
                .post("/compute/v2.1/servers").then()
                .statusCode(202)
                .body("server.adminPass", notNullValue())
                .extract().path("server.id");
    }

    private static void awaitStatus(String token, String id, String status) {
        await().atMost(WAIT).untilAsserted(() -> given().header("X-Auth-Token", token)
                .get("/compute/v2.1/servers/" + id).then().body("server.status", equalTo(status)));
    }

    private static String serverBody(String name, String flavor) {
        return "{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"" + flavor + "\", \"imageRef\": \"" + TestImages.ACTIVE + "\"}}";
    }
}
