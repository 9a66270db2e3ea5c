package dev.kumo.gateway.servers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.PlacementHints;
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
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a server create tells the scheduler about where it may go beyond zone and group: same_host/different_host
 * (validated; instances the caller cannot see left out), the traits, architecture, hypervisor type and aggregate
 * metadata its flavor and image ask for; and the internal endpoint the scheduler's orphan audit asks.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PlacementHintsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PICKY_IMAGE = "3b0c9a1e-7d6f-4e5a-8b2c-1d0e9f8a7b6c";

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
    void aMalformedSameHostOrDifferentHostHintIsA400NamingTheHint() {
        create(Tokens.alice(), "\"same_host\": \"not-a-uuid\"").then().statusCode(400)
                .body("badRequest.message", containsString("same_host"));
        create(Tokens.alice(), "\"different_host\": 42").then().statusCode(400)
                .body("badRequest.message", containsString("different_host"));
        create(Tokens.alice(), "\"different_host\": [\"" + UUID.randomUUID() + "\", \"nope\"]").then()
                .statusCode(400).body("badRequest.message", containsString("different_host"));
        create(Tokens.alice(), "\"same_host\": [7]").then().statusCode(400)
                .body("badRequest.message", containsString("same_host"));
    }

    @Test
    void theHintsCarryTheInstancesTheCallerMaySeeAndLeaveOutTheOthers() {
        String mine = server(Tokens.alice(), "");
        String bobs = server(Tokens.bob(), "");
        UUID unknown = UUID.randomUUID();

        String id = server(Tokens.alice(), "\"same_host\": [\"" + mine + "\", \"" + bobs + "\", \"" + unknown
                + "\"], \"different_host\": \"" + bobs + "\"");

        PlacementHints hints = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT)
                .placementHints();
        assertEquals(List.of(UUID.fromString(mine)), hints.sameHost());
        assertEquals(List.of(), hints.differentHost());

        String admins = server(Tokens.admin(), "\"different_host\": [\"" + mine + "\", \"" + bobs + "\"]");
        hints = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(admins), WAIT).placementHints();
        assertEquals(List.of(UUID.fromString(mine), UUID.fromString(bobs)), hints.differentHost());
    }

    @Test
    void theFlavorsExtraSpecsAndTheImagesPropertiesBecomeWhatTheHostMustBe() {
        String flavor = "picky-" + UUID.randomUUID();
        as(Tokens.admin()).contentType(ContentType.JSON).body("{\"flavor\": {\"id\": \"" + flavor + "\", \"name\": \""
                + flavor + "\", \"ram\": 128, \"vcpus\": 1, \"disk\": 1}}").post("/compute/v2.1/flavors").then()
                .statusCode(200);
        as(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("extra_specs", Map.of(
                "trait:CUSTOM_GPU", "required", "trait:CUSTOM_SLOW", "forbidden", "trait:CUSTOM_ODD", "preferred",
                "aggregate_instance_extra_specs:ssd", "true", "hw:cpu_policy", "shared")))
                .post("/compute/v2.1/flavors/" + flavor + "/os-extra_specs").then().statusCode(200);
        oidc.stubFor(get(urlPathEqualTo("/auth/v2/images/" + PICKY_IMAGE)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"" + PICKY_IMAGE + "\", \"name\": \"picky\", \"status\": \"active\", \"min_ram\": 0,"
                        + " \"min_disk\": 0, \"size\": 1048576, \"hw_architecture\": \"amd64\","
                        + " \"img_hv_type\": \"QEMU\", \"trait:HW_CPU_X86_AVX2\": \"required\"}")));

        String id = as(Tokens.alice()).contentType(ContentType.JSON).body("{\"server\": {\"name\": \"picky\","
                + " \"flavorRef\": \"" + flavor + "\", \"imageRef\": \"" + PICKY_IMAGE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");

        PlacementHints hints = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT)
                .placementHints();
        assertEquals(List.of("CUSTOM_GPU", "HW_CPU_X86_AVX2"), hints.requiredTraits());
        assertEquals(List.of("CUSTOM_SLOW"), hints.forbiddenTraits());
        assertEquals("x86_64", hints.architecture());
        assertEquals("qemu", hints.hypervisorType());
        assertEquals(Map.of("ssd", "true"), hints.aggregateMetadata());
    }

    @Test
    void theSchedulersServiceLearnsWhichInstancesLiveAndWhereAndNobodyElseDoes() {
        String placed = server(Tokens.alice(), "");
        bus.send(new InstanceScheduled(UUID.fromString(placed), "compute-7"));
        String deleted = server(Tokens.alice(), "");
        as(Tokens.alice()).delete("/compute/v2.1/servers/" + deleted).then().statusCode(204);
        bus.send(new InstanceDestroyed(UUID.fromString(deleted), null));
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/" + deleted).then()
                .statusCode(404));
        String body = "{\"instances\": [\"" + placed + "\", \"" + deleted + "\", \"" + UUID.randomUUID() + "\"]}";

        await().atMost(WAIT).untilAsserted(() -> as(service()).contentType(ContentType.JSON).body(body)
                .post("/internal/instances/hosts").then().statusCode(200)
                .body("instances.id", containsInAnyOrder(placed))
                .body("instances[0].host", equalTo("compute-7")));
        as(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/internal/instances/hosts").then()
                .statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/internal/instances/hosts").then().statusCode(401);
        as(service()).contentType(ContentType.JSON).body("{\"instances\": [\"nope\"]}")
                .post("/internal/instances/hosts").then().statusCode(400);
    }

    /** A token as Keycloak issues it to the scheduler's client (client credentials, realm role service). */
    private static String service() {
        return Jwt.subject("service-account-kumo-scheduler").preferredUserName("service-account-kumo-scheduler")
                .claim("realm_access", Map.of("roles", List.of("service")))
                .issuer("https://server.example.com").audience("https://service.example.com").sign();
    }

    private static String server(String token, String hints) {
        return create(token, hints).then().statusCode(202).extract().path("server.id");
    }

    private static io.restassured.response.Response create(String token, String hints) {
        return as(token).contentType(ContentType.JSON).body("{\"server\": {\"name\": \"hinted\", \"flavorRef\": \"42\","
                + " \"imageRef\": \"" + TestImages.ACTIVE + "\"}, \"os:scheduler_hints\": {" + hints + "}}")
                .post("/compute/v2.1/servers");
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
