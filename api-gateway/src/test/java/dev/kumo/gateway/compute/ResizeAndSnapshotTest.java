package dev.kumo.gateway.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.host.SnapshotInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.ResizeConfirmed;
import dev.kumo.contracts.instance.ResizeRequested;
import dev.kumo.contracts.instance.ResizeReverted;
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
 * resize, confirmResize, revertResize and createImage against a real PostgreSQL and Kafka broker; the test plays
 * the scheduler and the host with events, and the image service with WireMock.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ResizeAndSnapshotTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Resources NANO = new Resources(1, 128, 1);
    private static final Resources TINY = new Resources(1, 512, 1);
    private static final String SNAPSHOT_IMAGE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @OidcWireMock
    WireMockServer oidc;

    private MessageBus bus;

    @BeforeEach
    void connect() {
        TestImages.serve(oidc);
        TestNetworks.serve(oidc);
        oidc.stubFor(post(urlPathEqualTo("/auth/v2/images")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"" + SNAPSHOT_IMAGE + "\", \"status\": \"queued\"}")));
        bus = new MessageBus(bootstrapServers);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        TestProjects.roomy();
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void aResizeClaimsTheNewFlavorWaitsForVerificationAndAConfirmKeepsIt() {
        String id = activeServer("grows");

        action(Tokens.alice(), id, "{\"resize\": {\"flavorRef\": \"1\"}}").then().statusCode(202);

        awaitStatus(id, "RESIZE");
        ResizeRequested request = bus.await(ResizeRequested.class, r -> r.instanceId().toString().equals(id), WAIT);
        assertEquals(NANO, request.oldResources());
        assertEquals(TINY, request.newResources());
        assertEquals("compute-1", request.host());
        action(Tokens.alice(), id, "{\"confirmResize\": null}").then().statusCode(409);

        hostAnswers(id, PowerOperation.RESIZE, PowerState.RUNNING, request.requestId(), null);

        awaitStatus(id, "VERIFY_RESIZE");
        server(id).body("server.flavor.id", equalTo("1"));
        as(Tokens.admin()).get("/compute/v2.1/os-migrations?instance_uuid=" + id).then().statusCode(200)
                .body("migrations[0].status", equalTo("finished"))
                .body("migrations[0].old_instance_type_id", equalTo(42))
                .body("migrations[0].new_instance_type_id", equalTo(1));

        action(Tokens.alice(), id, "{\"confirmResize\": null}").then().statusCode(204);

        awaitStatus(id, "ACTIVE");
        bus.await(ResizeConfirmed.class, c -> c.instanceId().toString().equals(id), WAIT);
        as(Tokens.admin()).get("/compute/v2.1/os-migrations?instance_uuid=" + id).then()
                .body("migrations[0].status", equalTo("confirmed"));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions").then()
                .body("instanceActions.action", hasItem("resize"))
                .body("instanceActions.action", hasItem("confirmResize"));
    }

    @Test
    void aRevertGoesBackToTheOldFlavorOnTheHost() {
        String id = activeServer("shrinks-back");
        action(Tokens.alice(), id, "{\"resize\": {\"flavorRef\": \"1\"}}").then().statusCode(202);
        ResizeRequested request = bus.await(ResizeRequested.class, r -> r.instanceId().toString().equals(id), WAIT);
        hostAnswers(id, PowerOperation.RESIZE, PowerState.RUNNING, request.requestId(), null);
        awaitStatus(id, "VERIFY_RESIZE");

        action(Tokens.alice(), id, "{\"revertResize\": null}").then().statusCode(202);

        awaitStatus(id, "REVERT_RESIZE");
        ResizeReverted revert = bus.await(ResizeReverted.class, r -> r.instanceId().toString().equals(id), WAIT);
        assertEquals(NANO, revert.oldResources());
        assertEquals(request.migrationId(), revert.migrationId());
        hostAnswers(id, PowerOperation.REVERT_RESIZE, PowerState.RUNNING, revert.requestId(), null);

        awaitStatus(id, "ACTIVE");
        server(id).body("server.flavor.id", equalTo("42"));
        as(Tokens.admin()).get("/compute/v2.1/os-migrations?instance_uuid=" + id).then()
                .body("migrations[0].status", equalTo("reverted"));
    }

    @Test
    void aResizeNothingFitsForLeavesTheServerAsItWasAndSaysWhyOnTheAction() {
        String id = activeServer("too-big");
        action(Tokens.alice(), id, "{\"resize\": {\"flavorRef\": \"1\"}}").then().statusCode(202);
        ResizeRequested request = bus.await(ResizeRequested.class, r -> r.instanceId().toString().equals(id), WAIT);

        hostAnswers(id, PowerOperation.RESIZE, null, request.requestId(), "No valid host was found for the resize.");

        await().atMost(WAIT).untilAsserted(() -> server(id)
                .body("server.status", equalTo("ACTIVE"))
                .body("server.flavor.id", equalTo("42")));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + request.requestId()).then()
                .body("instanceAction.message", equalTo("No valid host was found for the resize."));
        as(Tokens.admin()).get("/compute/v2.1/os-migrations?instance_uuid=" + id).then()
                .body("migrations[0].status", equalTo("error"));
    }

    @Test
    void badResizesAreRefusedAndChangeNothing() {
        String id = activeServer("stays");

        action(Tokens.alice(), id, "{\"resize\": {\"flavorRef\": \"42\"}}").then().statusCode(400)
                .body("badRequest.message", equalTo("When resizing, instances must change flavor!"));
        action(Tokens.alice(), id, "{\"resize\": {\"flavorRef\": \"no-such-flavor\"}}").then().statusCode(400);
        action(Tokens.alice(), id, "{\"resize\": {}}").then().statusCode(400)
                .body("badRequest.message", containsString("flavorRef"));
        action(Tokens.alice(), id, "{\"revertResize\": null}").then().statusCode(409);
        action(Tokens.bob(), id, "{\"resize\": {\"flavorRef\": \"1\"}}").then().statusCode(404);
        action(Tokens.carol(), id, "{\"resize\": {\"flavorRef\": \"1\"}}").then().statusCode(403);

        server(id).body("server.status", equalTo("ACTIVE")).body("server.flavor.id", equalTo("42"));
        as(Tokens.admin()).get("/compute/v2.1/os-migrations?instance_uuid=" + id).then()
                .body("migrations.size()", equalTo(0));
    }

    @Test
    void restoreAndForceDeleteAreRefusedSinceKumoNeverSoftDeletes() {
        String id = activeServer("not-soft-deleted");

        action(Tokens.alice(), id, "{\"restore\": null}").then().statusCode(409)
                .body("conflictingRequest.message", containsString("vm_state active"));
        action(Tokens.alice(), id, "{\"forceDelete\": null}").then().statusCode(409);
    }

    @Test
    void createImageMakesTheTenantsImageAndAsksTheHostToFillIt() {
        String id = activeServer("snapped");

        action(Tokens.alice(), id, "{\"createImage\": {\"name\": \"snap-1\", \"metadata\": {\"purpose\": \"backup\"}}}")
                .then().statusCode(202)
                .header("Location", endsWith("/images/" + SNAPSHOT_IMAGE));

        server(id).body("server.'OS-EXT-STS:task_state'", equalTo("image_snapshot"));
        oidc.verify(postRequestedFor(urlPathEqualTo("/auth/v2/images"))
                .withRequestBody(matchingJsonPath("$.name", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("snap-1")))
                .withRequestBody(matchingJsonPath("$.instance_uuid", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(id)))
                .withRequestBody(matchingJsonPath("$.image_type", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("snapshot")))
                .withRequestBody(matchingJsonPath("$.purpose", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("backup"))));
        SnapshotInstance command = bus.await(SnapshotInstance.class, c -> c.instanceId().toString().equals(id), WAIT);
        assertEquals(SNAPSHOT_IMAGE, command.imageId());
        assertEquals(TestImages.ACTIVE, command.baseImageRef());
        assertEquals("compute-1", command.host());
        action(Tokens.alice(), id, "{\"createImage\": {\"name\": \"snap-2\"}}").then().statusCode(409);

        hostAnswers(id, PowerOperation.SNAPSHOT, PowerState.RUNNING, command.requestId(), null);

        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.'OS-EXT-STS:task_state'", equalTo(null)));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + command.requestId()).then()
                .body("instanceAction.action", equalTo("createImage"))
                .body("instanceAction.events[0].result", equalTo("Success"));
    }

    @Test
    void createBackupMakesABackupImageAndTellsTheHostItsRotation() {
        String id = activeServer("backed-up");

        action(Tokens.alice(), id, "{\"createBackup\": {\"name\": \"nightly\", \"backup_type\": \"daily\","
                + " \"rotation\": 2}}").then().statusCode(202)
                .header("Location", endsWith("/images/" + SNAPSHOT_IMAGE));

        server(id).body("server.'OS-EXT-STS:task_state'", equalTo("image_backup"));
        SnapshotInstance command = bus.await(SnapshotInstance.class, c -> c.instanceId().toString().equals(id), WAIT);
        assertEquals("daily", command.backupType());
        assertEquals(2, command.rotation());
        oidc.verify(postRequestedFor(urlPathEqualTo("/auth/v2/images"))
                .withRequestBody(matchingJsonPath("$.image_type", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("backup")))
                .withRequestBody(matchingJsonPath("$.backup_type", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("daily"))));
        hostAnswers(id, PowerOperation.SNAPSHOT, PowerState.RUNNING, command.requestId(), null);
        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.'OS-EXT-STS:task_state'", equalTo(null)));

        action(Tokens.alice(), id, "{\"createBackup\": {\"name\": \"x\", \"backup_type\": \"daily\"}}").then()
                .statusCode(400);
        action(Tokens.alice(), id, "{\"createBackup\": {\"name\": \"x\", \"backup_type\": \"daily\","
                + " \"rotation\": -1}}").then().statusCode(400);
    }

    @Test
    void createImageNeedsANameAndAServerThatIsNotBuilding() {
        String active = activeServer("nameless");
        action(Tokens.alice(), active, "{\"createImage\": {}}").then().statusCode(400)
                .body("badRequest.message", containsString("name"));
        action(Tokens.alice(), active, "{\"createImage\": {\"name\": \"x\", \"size\": 1}}").then().statusCode(400);

        String building = as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"building\", \"flavorRef\": \"42\", \"imageRef\": \""
                        + TestImages.ACTIVE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        action(Tokens.alice(), building, "{\"createImage\": {\"name\": \"too-soon\"}}").then().statusCode(409);
        oidc.verify(0, postRequestedFor(urlPathEqualTo("/auth/v2/images")).withRequestBody(
                matchingJsonPath("$.instance_uuid", com.github.tomakehurst.wiremock.client.WireMock.equalTo(building))));
    }

    private void hostAnswers(String id, PowerOperation operation, PowerState state, String requestId, String fault) {
        bus.send(new InstanceOperated(UUID.fromString(id), "compute-1", operation, state, requestId, fault));
    }

    private String activeServer(String name) {
        String id = as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \""
                        + TestImages.ACTIVE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        bus.send(new InstanceActive(UUID.fromString(id), "compute-1", "kumo-" + id, Instant.now()));
        awaitStatus(id, "ACTIVE");
        return id;
    }

    private void awaitStatus(String id, String status) {
        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.status", equalTo(status)));
    }

    private static io.restassured.response.ValidatableResponse server(String id) {
        return as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then();
    }

    private static io.restassured.response.Response action(String token, String id, String body) {
        return as(token).contentType(ContentType.JSON).body(body).post("/compute/v2.1/servers/" + id + "/action");
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
