package dev.kumo.gateway.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.host.MigrationKind;
import dev.kumo.contracts.host.PowerState;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceMigrated;
import dev.kumo.contracts.instance.MigrateRequested;
import dev.kumo.contracts.instance.MigrationConfirmed;
import dev.kumo.contracts.instance.MigrationReverted;
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
 * migrate, os-migrateLive, GET /servers/{id}/migrations and os-rebalance against a real PostgreSQL and Kafka; the
 * test plays the scheduler (its messages, and its HTTP API through WireMock) and the hosts' agents.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class MigrationTest {

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
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts/compute-1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"host\": {\"id\": 1, \"name\": \"compute-1\", \"state\": \"up\"}}")));
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts/compute-2")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"host\": {\"id\": 2, \"name\": \"compute-2\", \"state\": \"up\"}}")));
        bus = new MessageBus(bootstrapServers);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        TestProjects.roomy();
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void aColdMigrationIsForAdminsAndEndsInVerifyResizeOnTheTargetUntilConfirmed() {
        String id = activeServer("wanders");
        action(Tokens.alice(), id, "{\"migrate\": null}").then().statusCode(403);
        action(Tokens.admin(), id, "{\"migrate\": {\"host\": \"compute-2\"}}").then().statusCode(400);

        action(Tokens.admin(), id, "{\"migrate\": null}").then().statusCode(202);

        awaitStatus(id, "RESIZE");
        action(Tokens.admin(), id, "{\"migrate\": null}").then().statusCode(409);
        MigrateRequested request = requested(id);
        assertFalse(request.live());
        assertEquals("compute-1", request.sourceHost());
        assertNull(request.targetHost());
        bus.send(new InstanceMigrated(UUID.fromString(id), request.migrationId(), MigrationKind.COLD, "compute-1",
                "compute-2", PowerState.RUNNING, request.requestId(), null));

        awaitStatus(id, "VERIFY_RESIZE");
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-2"));
        migrations(id).body("migrations[0].migration_type", equalTo("migration"))
                .body("migrations[0].status", equalTo("finished"))
                .body("migrations[0].source_compute", equalTo("compute-1"))
                .body("migrations[0].dest_compute", equalTo("compute-2"));

        action(Tokens.alice(), id, "{\"confirmResize\": null}").then().statusCode(204);

        awaitStatus(id, "ACTIVE");
        MigrationConfirmed confirmed = bus.await(MigrationConfirmed.class,
                c -> c.instanceId().toString().equals(id), WAIT);
        assertEquals("compute-1", confirmed.sourceHost());
        assertEquals("compute-2", confirmed.targetHost());
        migrations(id).body("migrations[0].status", equalTo("confirmed"));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions").then()
                .body("instanceActions.action", hasItem("migrate"));
    }

    @Test
    void aRevertedColdMigrationGoesBackToTheSource() {
        String id = activeServer("homesick");
        action(Tokens.admin(), id, "{\"migrate\": null}").then().statusCode(202);
        MigrateRequested request = requested(id);
        bus.send(new InstanceMigrated(UUID.fromString(id), request.migrationId(), MigrationKind.COLD, "compute-1",
                "compute-2", PowerState.RUNNING, request.requestId(), null));
        awaitStatus(id, "VERIFY_RESIZE");

        action(Tokens.alice(), id, "{\"revertResize\": null}").then().statusCode(202);

        awaitStatus(id, "REVERT_RESIZE");
        MigrationReverted reverted = bus.await(MigrationReverted.class, r -> r.instanceId().toString().equals(id),
                WAIT);
        assertEquals("compute-1", reverted.sourceHost());
        assertEquals("compute-2", reverted.targetHost());
        bus.send(new InstanceMigrated(UUID.fromString(id), request.migrationId(), MigrationKind.REVERT,
                "compute-2", "compute-1", PowerState.RUNNING, reverted.requestId(), null));

        awaitStatus(id, "ACTIVE");
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-1"));
        migrations(id).body("migrations[0].status", equalTo("reverted"));
    }

    @Test
    void aColdMigrationWithNowhereToGoEndsInErrorWithTheInstanceAsItWasAndTheReasonOnTheAction() {
        String id = activeServer("stuck");
        action(Tokens.admin(), id, "{\"migrate\": null}").then().statusCode(202);
        MigrateRequested request = requested(id);

        bus.send(new InstanceMigrated(UUID.fromString(id), request.migrationId(), MigrationKind.COLD, "compute-1",
                null, null, request.requestId(), "No valid host was found. 1 host(s) known"));

        awaitStatus(id, "ACTIVE");
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-1"));
        migrations(id).body("migrations[0].status", equalTo("error"));
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id + "/os-instance-actions/" + request.requestId())
                .then().statusCode(200)
                .body("instanceAction.message", containsString("No valid host was found"));
    }

    @Test
    void aLiveMigrationIsValidatedAsNovasSchemasSay() {
        String id = activeServer("checked");
        action(Tokens.alice(), id, "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}",
                "2.30").then().statusCode(403);
        action(Tokens.admin(), id, "{\"os-migrateLive\": {\"host\": null}}", "2.30").then().statusCode(400)
                .body("badRequest.message", containsString("block_migration"));
        action(Tokens.admin(), id, "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\","
                + " \"force\": true}}", "2.25").then().statusCode(400)
                .body("badRequest.message", containsString("force"));
        action(Tokens.admin(), id, "{\"os-migrateLive\": {\"host\": null, \"block_migration\": false}}", "2.1")
                .then().statusCode(400).body("badRequest.message", containsString("disk_over_commit"));
        action(Tokens.admin(), id, "{\"os-migrateLive\": {\"host\": \"nowhere\", \"block_migration\": \"auto\"}}",
                "2.30").then().statusCode(400).body("badRequest.message", containsString("nowhere"));
        action(Tokens.admin(), id, "{\"os-migrateLive\": {\"host\": \"compute-1\", \"block_migration\": \"auto\"}}",
                "2.30").then().statusCode(400).body("badRequest.message", containsString("current host"));

        assertTrue(bus.all(MigrateRequested.class, r -> r.instanceId().toString().equals(id)).isEmpty());
        server(id).body("server.status", equalTo("ACTIVE"));
    }

    @Test
    void aLiveMigrationEndsActiveOnTheTargetAndIsListedWhileInProgress() {
        String id = activeServer("traveller");

        action(Tokens.admin(), id, "{\"os-migrateLive\": {\"host\": \"compute-2\", \"block_migration\": false,"
                + " \"disk_over_commit\": false}}", "2.1").then().statusCode(202);

        awaitStatus(id, "MIGRATING");
        MigrateRequested request = requested(id);
        assertTrue(request.live());
        assertEquals("compute-2", request.targetHost());
        as(Tokens.admin()).header("X-OpenStack-Nova-API-Version", "2.23")
                .get("/compute/v2.1/servers/" + id + "/migrations").then().statusCode(200)
                .body("migrations", hasSize(1))
                .body("migrations[0].status", equalTo("running"))
                .body("migrations[0].server_uuid", equalTo(id));
        as(Tokens.admin()).header("X-OpenStack-Nova-API-Version", "2.22")
                .get("/compute/v2.1/servers/" + id + "/migrations").then().statusCode(404);
        as(Tokens.alice()).header("X-OpenStack-Nova-API-Version", "2.23")
                .get("/compute/v2.1/servers/" + id + "/migrations").then().statusCode(403);

        bus.send(new InstanceMigrated(UUID.fromString(id), request.migrationId(), MigrationKind.LIVE, "compute-1",
                "compute-2", PowerState.RUNNING, request.requestId(), null));

        awaitStatus(id, "ACTIVE");
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-2"));
        as(Tokens.admin()).header("X-OpenStack-Nova-API-Version", "2.23")
                .get("/compute/v2.1/servers/" + id + "/migrations").then().body("migrations", hasSize(0));
        migrations(id).body("migrations[0].migration_type", equalTo("live-migration"))
                .body("migrations[0].status", equalTo("completed"));
    }

    @Test
    void aFailedLiveMigrationLeavesTheInstanceActiveOnItsSource() {
        String id = activeServer("homebody");
        action(Tokens.admin(), id, "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}", "2.25")
                .then().statusCode(202);
        MigrateRequested request = requested(id);

        bus.send(new InstanceMigrated(UUID.fromString(id), request.migrationId(), MigrationKind.LIVE, "compute-1",
                "compute-2", PowerState.RUNNING, request.requestId(), "Host compute-1 could not migrate it"));

        awaitStatus(id, "ACTIVE");
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id).then()
                .body("server.'OS-EXT-SRV-ATTR:host'", equalTo("compute-1"));
        migrations(id).body("migrations[0].status", equalTo("error"));
    }

    @Test
    void aRebalanceIsForAdminsChecksItsBodyAndStartsEachMoveAsALiveMigration() {
        String id = activeServer("rebalanced");
        oidc.stubFor(post(urlPathEqualTo("/auth/rebalance/plan")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"metric\": \"ram\", \"moves\": [{\"instance_id\": \"" + id + "\", \"source\":"
                        + " \"compute-1\", \"target\": \"compute-2\"}], \"spread_before\": 50.0,"
                        + " \"spread_after\": 0.0}")));
        String body = "{\"rebalance\": {\"dry_run\": %s, \"metric\": \"ram\", \"threshold_percent\": 10,"
                + " \"hosts\": [\"compute-1\", \"compute-2\"]}}";
        rebalance(Tokens.alice(), String.format(body, "true")).then().statusCode(403);
        rebalance(Tokens.admin(), "{\"rebalance\": {\"metric\": \"disk\", \"hosts\": [\"a\"]}}").then()
                .statusCode(400).body("badRequest.message", containsString("metric"));
        rebalance(Tokens.admin(), "{\"rebalance\": {\"metric\": \"ram\"}}").then().statusCode(400)
                .body("badRequest.message", containsString("scope"));
        rebalance(Tokens.admin(), "{\"rebalance\": {\"hosts\": [\"a\"], \"colour\": 1}}").then().statusCode(400)
                .body("badRequest.message", containsString("colour"));

        rebalance(Tokens.admin(), String.format(body, "true")).then().statusCode(200)
                .body("rebalance.dry_run", equalTo(true))
                .body("rebalance.moves[0].instance_id", equalTo(id));
        server(id).body("server.status", equalTo("ACTIVE"));

        rebalance(Tokens.admin(), String.format(body, "false")).then().statusCode(202)
                .body("rebalance.started[0].instance_id", equalTo(id));

        MigrateRequested request = requested(id);
        assertTrue(request.live());
        assertEquals("compute-2", request.targetHost());
        assertFalse(request.force(), "the filters check the planned target again");
        awaitStatus(id, "MIGRATING");
        as(Tokens.admin()).get("/compute/v2.1/servers/" + id + "/os-instance-actions").then()
                .body("instanceActions.action", hasItem("live-migration"));
    }

    private MigrateRequested requested(String id) {
        return bus.await(MigrateRequested.class, r -> r.instanceId().toString().equals(id), WAIT);
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

    private static io.restassured.response.ValidatableResponse migrations(String id) {
        return as(Tokens.admin()).header("X-OpenStack-Nova-API-Version", "2.23")
                .get("/compute/v2.1/os-migrations?instance_uuid=" + id).then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse server(String id) {
        return as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then();
    }

    private static io.restassured.response.Response action(String token, String id, String body) {
        return action(token, id, body, "2.1");
    }

    private static io.restassured.response.Response action(String token, String id, String body, String version) {
        return as(token).header("X-OpenStack-Nova-API-Version", version).contentType(ContentType.JSON).body(body)
                .post("/compute/v2.1/servers/" + id + "/action");
    }

    private static io.restassured.response.Response rebalance(String token, String body) {
        return as(token).contentType(ContentType.JSON).body(body).post("/compute/v2.1/os-rebalance");
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
