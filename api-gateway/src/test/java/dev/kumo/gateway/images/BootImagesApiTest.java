package dev.kumo.gateway.images;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.gateway.identity.TestProjects;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.gateway.networks.TestNetworks;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creates from one image ask the image service (played by WireMock) once, and a change of the image through the
 * gateway, by the image API or by Nova's image proxy, makes the next create ask again.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class BootImagesApiTest {

    @OidcWireMock
    WireMockServer oidc;

    private final String image = UUID.randomUUID().toString();

    @BeforeEach
    void imageService() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        TestNetworks.serve(oidc);
        TestProjects.roomy();
        oidc.stubFor(get(urlPathEqualTo("/auth/v2/images/" + image)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"" + image + "\", \"name\": \"boot\", \"status\": \"active\", \"min_ram\": 0,"
                        + " \"min_disk\": 0, \"size\": 1048576}")));
        // Nova's image proxy calls the image service's base URL; the image API's route keeps only its host and port.
        oidc.stubFor(delete(urlPathEqualTo("/auth/v2/images/" + image)).willReturn(aResponse().withStatus(204)));
        oidc.stubFor(delete(urlPathEqualTo("/v2/images/" + image)).willReturn(aResponse().withStatus(204)));
    }

    @Test
    void aBurstOfCreatesAsksForTheImageOnceAndADeleteThroughTheImageApiMakesTheNextAskAgain() {
        create("burst-1");
        create("burst-2");
        create("burst-3");
        oidc.verify(1, getRequestedFor(urlPathEqualTo("/auth/v2/images/" + image)));

        given().header("X-Auth-Token", Tokens.alice()).delete("/image/v2/images/" + image).then().statusCode(204);
        create("after-delete");

        oidc.verify(2, getRequestedFor(urlPathEqualTo("/auth/v2/images/" + image)));
    }

    @Test
    void aDeleteThroughNovasImageProxyMakesTheNextCreateAskAgain() {
        create("proxy-1");
        given().header("X-Auth-Token", Tokens.alice()).delete("/compute/v2.1/images/" + image).then()
                .statusCode(204);
        create("proxy-2");

        oidc.verify(2, getRequestedFor(urlPathEqualTo("/auth/v2/images/" + image)));
    }

    private void create(String name) {
        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \"" + image
                        + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202);
    }
}
