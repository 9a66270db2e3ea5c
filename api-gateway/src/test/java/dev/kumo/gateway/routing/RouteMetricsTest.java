package dev.kumo.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Requests the gateway forwards to the image and network services are measured per route: many images or ports make
 * one series, not one each (the services are played by WireMock, which knows none of them).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class RouteMetricsTest {

    @Test
    void requestsForManyImagesAndPortsAreMeasuredUnderTheirRoutes() {
        String image = UUID.randomUUID().toString();
        String port = UUID.randomUUID().toString();
        given().get("/image/v2/images/" + image);
        given().get("/image/v2/images/" + UUID.randomUUID());
        given().get("/network/v2.0/ports/" + port);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("uri=\"/image/v2/images/{id}\""))
                .body(containsString("uri=\"/network/v2.0/ports/{id}\""))
                .body(not(containsString(image)))
                .body(not(containsString(port)));
    }
}
