package dev.kumo.gateway.aggregates;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * os-aggregates and os-availability-zone for admins, served from the scheduler (stubbed here at its /aggregates and
 * /hosts): the gateway adds Nova's policy, microversion fields and error shape.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class AggregatesApiTest {

    private static final String AGGREGATE = "{\"id\": 1, \"uuid\": \"6ba28ba7-f29b-45cc-a30b-6e3a40c2fb14\","
            + " \"name\": \"rack-1\", \"availability_zone\": \"london\", \"hosts\": [\"compute-1\"],"
            + " \"metadata\": {\"availability_zone\": \"london\"}, \"created_at\": \"2026-11-26T18:00:00Z\","
            + " \"updated_at\": null, \"deleted\": false, \"deleted_at\": null}";

    @OidcWireMock
    WireMockServer oidc;

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
    }

    @Test
    void anAdminListsAggregatesWithoutTheUuidThatComesWithMicroversion241() {
        scheduler(get(urlPathEqualTo("/auth/aggregates")), 200, "{\"aggregates\": [" + AGGREGATE + "]}");

        as(Tokens.admin()).get("/compute/v2.1/os-aggregates").then().statusCode(200)
                .body("aggregates[0].name", equalTo("rack-1"))
                .body("aggregates[0].hosts", contains("compute-1"))
                .body("aggregates[0]", not(hasKey("uuid")));
        as(Tokens.admin()).header("OpenStack-API-Version", "compute 2.37").get("/compute/v2.1/os-aggregates").then()
                .statusCode(200).body("aggregates[0]", not(hasKey("uuid")));
        as(Tokens.alice()).get("/compute/v2.1/os-aggregates").then().statusCode(403);
    }

    @Test
    void aCreatedAggregateIsShownWithoutHostsAndMetadataAsNovaDoes() {
        scheduler(post(urlPathEqualTo("/auth/aggregates")), 200, "{\"aggregate\": " + AGGREGATE + "}");

        as(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"aggregate\": {\"name\": \"rack-1\", \"availability_zone\": \"london\"}}")
                .post("/compute/v2.1/os-aggregates").then().statusCode(200)
                .body("aggregate.name", equalTo("rack-1"))
                .body("aggregate.availability_zone", equalTo("london"))
                .body("aggregate", not(hasKey("hosts")))
                .body("aggregate", not(hasKey("metadata")));
        oidc.verify(postRequestedFor(urlPathEqualTo("/auth/aggregates")).withRequestBody(
                equalToJson("{\"aggregate\": {\"name\": \"rack-1\", \"availability_zone\": \"london\"}}")));
    }

    @Test
    void theSchedulersRefusalsComeBackInNovasErrorShape() {
        scheduler(post(urlPathEqualTo("/auth/aggregates/1/action")), 409, "{\"errors\": [{\"status\": 409,"
                + " \"title\": \"Conflict\", \"detail\": \"Aggregate 1 already has host compute-1.\"}]}");
        scheduler(get(urlPathEqualTo("/auth/aggregates/7")), 404, "{\"errors\": [{\"status\": 404,"
                + " \"title\": \"Not Found\", \"detail\": \"Aggregate 7 could not be found.\"}]}");

        as(Tokens.admin()).contentType(ContentType.JSON).body("{\"add_host\": {\"host\": \"compute-1\"}}")
                .post("/compute/v2.1/os-aggregates/1/action").then().statusCode(409)
                .body("conflictingRequest.message", equalTo("Aggregate 1 already has host compute-1."));
        as(Tokens.admin()).get("/compute/v2.1/os-aggregates/7").then().statusCode(404)
                .body("itemNotFound.message", equalTo("Aggregate 7 could not be found."));
        as(Tokens.admin()).contentType(ContentType.JSON).body("{\"add_host\": {}, \"remove_host\": {}}")
                .post("/compute/v2.1/os-aggregates/1/action").then().statusCode(400);
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"add_host\": {\"host\": \"compute-1\"}}")
                .post("/compute/v2.1/os-aggregates/1/action").then().statusCode(403);
    }

    @Test
    void availabilityZonesAreTheZonesOfTheHostsWithNovaForHostsInNone() {
        scheduler(get(urlPathEqualTo("/auth/hosts")), 200, "{\"hosts\": ["
                + "{\"id\": 1, \"name\": \"compute-1\", \"state\": \"up\", \"enabled\": true,"
                + " \"availability_zone\": \"london\"},"
                + "{\"id\": 2, \"name\": \"compute-2\", \"state\": \"up\", \"enabled\": true, \"maintenance\": true,"
                + " \"maintenance_reason\": \"new DIMMs\", \"availability_zone\": \"nova\"}]}");

        as(Tokens.alice()).get("/compute/v2.1/os-availability-zone").then().statusCode(200)
                .body("availabilityZoneInfo.zoneName", contains("london", "nova"))
                .body("availabilityZoneInfo[0].zoneState.available", equalTo(true))
                .body("availabilityZoneInfo[1].zoneState.available", equalTo(false))
                .body("availabilityZoneInfo[0].hosts", nullValue());
        as(Tokens.admin()).get("/compute/v2.1/os-availability-zone/detail").then().statusCode(200)
                .body("availabilityZoneInfo[0].hosts.compute-1.nova-compute.available", equalTo(true))
                .body("availabilityZoneInfo[1].hosts.compute-2.nova-compute.active", equalTo(false));
        as(Tokens.admin()).get("/compute/v2.1/os-services").then().statusCode(200)
                .body("services.find { it.host == 'compute-1' }.zone", equalTo("london"))
                .body("services.find { it.host == 'compute-2' }.status", equalTo("disabled"))
                .body("services.find { it.host == 'compute-2' }.disabled_reason", equalTo("maintenance: new DIMMs"));
    }

    private void scheduler(com.github.tomakehurst.wiremock.client.MappingBuilder request, int status, String body) {
        oidc.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
