package dev.kumo.gateway.portal;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.gateway.identity.TestProjects;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.gateway.images.TestImages;
import dev.kumo.gateway.networks.TestNetworks;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal decides nothing on its own: what a session may do is what the API lets its token do. (The tests send
 * the OIDC stand-in's tokens as bearer tokens; in a browser the same tokens come from the code flow's session.)
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PortalEnforcementTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @OidcWireMock
    WireMockServer oidc;

    @TestHTTPResource("/portal/live")
    URI live;

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
    void aReadersStopIsRefusedWithTheApisMessageAndChangesNothing() {
        String id = activeServer("portal-refused");

        portal(Tokens.carol()).post("/portal/instances/" + id + "/stop").then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("Policy doesn&#39;t allow os_compute_api:servers:os-stop to be performed."));

        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ACTIVE"))
                .body("server.'OS-EXT-STS:task_state'", equalTo(null));
        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions")
                .then().body("instanceActions.action", not(hasItem("stop")));
    }

    @Test
    void aReaderSeesTheServersButNoActionButtons() {
        String id = activeServer("portal-read-only");

        String page = portal(Tokens.carol()).get("/portal/instances").then().statusCode(200)
                .body(containsString("portal-read-only")).extract().asString();

        assertFalse(page.contains("/portal/instances/" + id + "/stop"), "no stop button for a reader");
        assertFalse(page.contains("/portal/instances/" + id + "/delete"), "no delete button for a reader");
    }

    @Test
    void anotherProjectsInstanceIsNotFoundAndNotListed() {
        String id = activeServer("portal-private");

        portal(Tokens.bob()).get("/portal/instances/" + id).then()
                .statusCode(404).body(containsString("Instance " + id + " could not be found."));
        portal(Tokens.bob()).post("/portal/instances/" + id + "/stop").then()
                .statusCode(404).body(containsString("could not be found"));
        portal(Tokens.bob()).get("/portal/instances").then()
                .statusCode(200).body(not(containsString("portal-private")));
        portal(Tokens.admin()).get("/portal/instances").then()
                .statusCode(200).body(containsString("portal-private"));
    }

    @Test
    void aMembersStopGoesThroughTheApiAndLeavesAnActionWithTheRequestId() {
        String id = activeServer("portal-stopped");

        String requestId = portal(Tokens.alice()).post("/portal/instances/" + id + "/stop").then()
                .statusCode(303)
                .header("Location", containsString("/portal/instances/" + id))
                .header("X-OpenStack-Request-ID", startsWith("req-"))
                .extract().header("X-OpenStack-Request-ID");

        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/" + id + "/os-instance-actions")
                .then().statusCode(200)
                .body("instanceActions.find { it.action == 'stop' }.request_id", equalTo(requestId));
    }

    @Test
    void theWizardCreatesAServerThroughTheApisValidation() {
        portal(Tokens.alice()).contentType(ContentType.URLENC).formParam("name", "").formParam("image",
                TestImages.ACTIVE).formParam("flavor", "42").formParam("network", "none")
                .post("/portal/new-instance").then()
                .statusCode(400).body(containsString("name"));

        String location = portal(Tokens.alice()).contentType(ContentType.URLENC).formParam("name", "portal-made")
                .formParam("image", TestImages.ACTIVE).formParam("flavor", "42").formParam("network", "none")
                .formParam("user_data", "#!/bin/sh\necho hi")
                .post("/portal/new-instance").then()
                .statusCode(303).extract().header("Location");
        String id = location.replaceAll(".*/instances/([0-9a-f-]{36}).*", "$1");

        given().header("X-Auth-Token", Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .statusCode(200).body("server.name", equalTo("portal-made"))
                .body("server.status", equalTo("BUILD"));
        portal(Tokens.carol()).contentType(ContentType.URLENC).formParam("name", "portal-reader")
                .formParam("image", TestImages.ACTIVE).formParam("flavor", "42")
                .post("/portal/new-instance").then().statusCode(403);
    }

    @Test
    void theLiveFeedTellsEachSessionOfTheInstancesItMaySeeOnly() throws Exception {
        String alices = portalServer(Tokens.alice(), "portal-live-alice");
        String bobs = portalServer(Tokens.bob(), "portal-live-bob");
        List<String> aliceHears = listen(Tokens.alice());
        List<String> adminHears = listen(Tokens.admin());
        Thread.sleep(1000); // the streams are open and the feed has its partitions

        for (String id : List.of(bobs, alices)) {
            bus.send(new InstanceScheduled(UUID.fromString(id), "compute-3"));
            bus.send(new InstanceActive(UUID.fromString(id), "compute-3", "kumo-" + id, Instant.now()));
        }

        await().atMost(WAIT).until(() -> aliceHears.contains(alices) && adminHears.contains(alices)
                && adminHears.contains(bobs));
        assertFalse(aliceHears.contains(bobs), "alice is never told of bob's instance");
        assertTrue(aliceHears.stream().allMatch(alices::equals));
    }

    private RequestSpecification portal(String token) {
        return given().header("Authorization", "Bearer " + token).redirects().follow(false);
    }

    /** The instance ids a session's event stream names, collected as they come. */
    private List<String> listen(String token) {
        List<String> heard = new CopyOnWriteArrayList<>();
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(live).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().filter(line -> line.startsWith("data:"))
                        .map(line -> line.substring(5).strip()).filter(data -> !data.isEmpty())
                        .forEach(heard::add));
        return heard;
    }

    private String activeServer(String name) {
        String id = portalServer(Tokens.alice(), name);
        bus.send(new InstanceScheduled(UUID.fromString(id), "compute-3"));
        bus.send(new InstanceActive(UUID.fromString(id), "compute-3", "kumo-" + id, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> given().header("X-Auth-Token", Tokens.alice())
                .get("/compute/v2.1/servers/" + id).then().body("server.status", equalTo("ACTIVE")));
        return id;
    }

    private static String portalServer(String token, String name) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \""
                        + TestImages.ACTIVE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
    }
}
