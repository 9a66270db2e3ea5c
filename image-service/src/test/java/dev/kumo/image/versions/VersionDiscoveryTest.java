package dev.kumo.image.versions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

/** Version discovery answers like Glance: 300 Multiple Choices, no token needed, links through the gateway. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class VersionDiscoveryTest {

    @Test
    void theRootAndVersionsList300MultipleChoicesWithTheNewestV2Current() {
        for (String path : new String[] {"/", "/versions"}) {
            given().get(path).then()
                    .statusCode(300)
                    .body("versions[0].id", equalTo("v2.9"))
                    .body("versions[0].status", equalTo("CURRENT"))
                    .body("versions.id", hasItem("v2.0"))
                    .body("versions.status", hasItem("SUPPORTED"))
                    .body("versions.links.flatten().href", everyItem(endsWith("/v2/")));
        }
    }

    @Test
    void linksPointBackThroughTheGatewaysPrefix() {
        given().header("X-Forwarded-Prefix", "/image").header("X-Forwarded-Host", "cloud.example:8080")
                .get("/").then()
                .statusCode(300)
                .body("versions[0].links[0].href", equalTo("http://cloud.example:8080/image/v2/"));
    }
}
