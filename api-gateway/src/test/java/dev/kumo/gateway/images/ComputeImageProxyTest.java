package dev.kumo.gateway.images;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

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

/** Nova's image proxy over the image service (played by WireMock): Nova's shape, filters and metadata edits. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ComputeImageProxyTest {

    private static final String SNAPSHOT = "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b";
    private static final String SAVING = "2c3d4e5f-6071-4829-9bac-1d2e3f4a5b6c";

    @OidcWireMock
    WireMockServer oidc;

    @BeforeEach
    void glance() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        oidc.stubFor(get(urlPathEqualTo("/auth/v2/images/" + SNAPSHOT)).willReturn(json(snapshot(""))));
        oidc.stubFor(get(urlPathEqualTo("/auth/v2/images")).willReturn(json("{\"images\": [" + snapshot("")
                + ", " + saving() + "]}")));
    }

    @Test
    void anImageShowsInNovasShapeWithItsPropertiesAsMetadata() {
        as(Tokens.alice()).get("/compute/v2.1/images/" + SNAPSHOT).then().statusCode(200)
                .body("image.status", equalTo("ACTIVE"))
                .body("image.progress", equalTo(100))
                .body("image.minRam", equalTo(512))
                .body("image.metadata.purpose", equalTo("backup"))
                .body("image.metadata.image_type", equalTo("snapshot"))
                .body("image.metadata", not(hasKey("disk_format")))
                .body("image.server.id", equalTo("3d4e5f60-7182-493a-8bcd-2e3f4a5b6c7d"))
                .body("image.created", equalTo("2026-11-26T10:00:00Z"))
                .body("image.'OS-EXT-IMG-SIZE:size'", equalTo(1024))
                .body("image.links", hasSize(3));
    }

    @Test
    void listsAreFilteredByNovasFiltersAndPaged() {
        as(Tokens.alice()).get("/compute/v2.1/images/detail?minRam=256").then().statusCode(200)
                .body("images.id", contains(SNAPSHOT));
        as(Tokens.alice()).get("/compute/v2.1/images/detail?status=SAVING").then()
                .body("images.id", contains(SAVING))
                .body("images[0].progress", equalTo(25));
        as(Tokens.alice()).get("/compute/v2.1/images?limit=1").then()
                .body("images", hasSize(1))
                .body("images[0]", not(hasKey("status")))
                .body("images_links[0].rel", equalTo("next"));
        as(Tokens.alice()).get("/compute/v2.1/images?changes-since=yesterday").then().statusCode(400);
        as(Tokens.alice()).get("/compute/v2.1/images?server=http://x/compute/v2.1/servers/"
                + "3d4e5f60-7182-493a-8bcd-2e3f4a5b6c7d").then().statusCode(200);
        oidc.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/auth/v2/images"))
                .withQueryParam("instance_uuid", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("3d4e5f60-7182-493a-8bcd-2e3f4a5b6c7d")));
        as(Tokens.alice()).delete("/compute/v2.1/images/").then().statusCode(404);
    }

    @Test
    void metadataChangesBecomeJsonPatchesOnTheImage() {
        oidc.stubFor(patch(urlPathEqualTo("/auth/v2/images/" + SNAPSHOT))
                .willReturn(json(snapshot(", \"colour\": \"blue\""))));

        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"metadata\": {\"colour\": \"blue\"}}")
                .post("/compute/v2.1/images/" + SNAPSHOT + "/metadata").then().statusCode(200)
                .body("metadata.colour", equalTo("blue"))
                .body("metadata.purpose", equalTo("backup"));

        oidc.verify(patchRequestedFor(urlPathEqualTo("/auth/v2/images/" + SNAPSHOT))
                .withRequestBody(containing("\"op\":\"add\",\"path\":\"/colour\",\"value\":\"blue\"")));
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"meta\": {\"other\": \"x\"}}")
                .put("/compute/v2.1/images/" + SNAPSHOT + "/metadata/colour").then().statusCode(400)
                .body("badRequest.message", equalTo("Request body and URI mismatch"));
        as(Tokens.alice()).get("/compute/v2.1/images/" + SNAPSHOT + "/metadata/purpose").then()
                .body("meta.purpose", equalTo("backup"));
        as(Tokens.alice()).get("/compute/v2.1/images/" + SNAPSHOT + "/metadata/nothing").then().statusCode(404);
        as(Tokens.carol()).contentType(ContentType.JSON).body("{\"metadata\": {\"colour\": \"red\"}}")
                .post("/compute/v2.1/images/" + SNAPSHOT + "/metadata").then().statusCode(403);
    }

    @Test
    void anUnknownImageIsNotFoundAndTheProxyIsGoneAt236() {
        as(Tokens.alice()).get("/compute/v2.1/images/" + SAVING).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Image " + SAVING + " could not be found."));
        as(Tokens.alice()).header("OpenStack-API-Version", "compute 2.36")
                .get("/compute/v2.1/images/" + SNAPSHOT).then().statusCode(404);
    }

    private static String snapshot(String extra) {
        return "{\"id\": \"" + SNAPSHOT + "\", \"name\": \"snap\", \"status\": \"active\", \"min_ram\": 512,"
                + " \"min_disk\": 1, \"size\": 1024, \"disk_format\": \"raw\", \"container_format\": \"bare\","
                + " \"visibility\": \"private\", \"created_at\": \"2026-11-26T10:00:00Z\","
                + " \"updated_at\": \"2026-11-26T10:05:00Z\", \"image_type\": \"snapshot\", \"purpose\": \"backup\","
                + " \"instance_uuid\": \"3d4e5f60-7182-493a-8bcd-2e3f4a5b6c7d\"" + extra + "}";
    }

    private static String saving() {
        return "{\"id\": \"" + SAVING + "\", \"name\": \"uploading\", \"status\": \"queued\", \"min_ram\": 0,"
                + " \"min_disk\": 0, \"size\": null, \"created_at\": \"2026-11-26T11:00:00Z\","
                + " \"updated_at\": \"2026-11-26T11:00:00Z\"}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
