package dev.kumo.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Keystone's catalog administration: regions, services and endpoints that admins add next to Kumo's own
 * (built in, read-only), with Keystone's status codes and errors.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class KeystoneCatalogApiTest {

    @Test
    void regionsNestAndGoOnceEmpty() {
        String parent = "r-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("X-Auth-Token", Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"region\": {\"description\": \"parent\"}}").put("/identity/v3/regions/" + parent).then()
                .statusCode(201).body("region.id", equalTo(parent));
        String child = created("regions", "region", "{\"region\": {\"description\": \"child\", \"parent_region_id\": \""
                + parent + "\"}}");
        post("regions", "{\"region\": {\"id\": \"" + parent + "\"}}").then().statusCode(409);
        post("regions", "{\"region\": {\"parent_region_id\": \"nowhere\"}}").then().statusCode(400);
        given().header("X-Auth-Token", Tokens.alice()).queryParam("parent_region_id", parent)
                .get("/identity/v3/regions").then().statusCode(200).body("regions.id", equalTo(List.of(child)));
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/regions/RegionOne").then().statusCode(200);
        given().header("X-Auth-Token", Tokens.alice()).delete("/identity/v3/regions/" + child).then().statusCode(403);

        given().header("X-Auth-Token", Tokens.admin()).delete("/identity/v3/regions/" + parent).then().statusCode(403);
        given().header("X-Auth-Token", Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"region\": {\"description\": \"renamed\"}}").patch("/identity/v3/regions/" + child).then()
                .statusCode(200).body("region.description", equalTo("renamed"))
                .body("region.parent_region_id", equalTo(parent));
        given().header("X-Auth-Token", Tokens.admin()).delete("/identity/v3/regions/" + child).then().statusCode(204);
        given().header("X-Auth-Token", Tokens.admin()).delete("/identity/v3/regions/" + parent).then().statusCode(204);
        given().header("X-Auth-Token", Tokens.admin()).get("/identity/v3/regions/" + parent).then().statusCode(404)
                .body("error.code", equalTo(404));
    }

    @Test
    void servicesAndTheirEndpointsAreAddedChangedAndRemovedNextToKumosOwn() {
        given().header("X-Auth-Token", Tokens.admin()).get("/identity/v3/services").then().statusCode(200)
                .body("services.type", hasItems("compute", "image", "network", "identity"));
        given().header("X-Auth-Token", Tokens.admin()).queryParam("interface", "public")
                .get("/identity/v3/endpoints").then().statusCode(200)
                .body("endpoints.url", hasItem(org.hamcrest.Matchers.endsWith("/compute/v2.1")));
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/services").then().statusCode(403);

        String service = created("services", "service",
                "{\"service\": {\"type\": \"metering\", \"name\": \"meter\", \"description\": \"counts\"}}");
        post("services", "{\"service\": {\"name\": \"no type\"}}").then().statusCode(400);
        given().header("X-Auth-Token", Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"service\": {\"enabled\": false, \"description\": \"counts more\"}}")
                .patch("/identity/v3/services/" + service).then().statusCode(200)
                .body("service.enabled", equalTo(false)).body("service.name", equalTo("meter"));

        String endpoint = created("endpoints", "endpoint", """
                {"endpoint": {"service_id": "%s", "interface": "public", "url": "http://meter.example/v1",
                 "region_id": "RegionOne"}}""".formatted(service));
        post("endpoints", """
                {"endpoint": {"service_id": "%s", "interface": "sideways", "url": "http://x"}}""".formatted(service))
                .then().statusCode(400);
        String newRegion = "made-by-endpoint-" + UUID.randomUUID().toString().substring(0, 8);
        post("endpoints", """
                {"endpoint": {"service_id": "%s", "interface": "admin", "url": "http://x", "region": "%s"}}"""
                .formatted(service, newRegion)).then().statusCode(201).body("endpoint.region_id", equalTo(newRegion));
        given().header("X-Auth-Token", Tokens.admin()).get("/identity/v3/regions/" + newRegion).then().statusCode(200);
        post("endpoints", """
                {"endpoint": {"service_id": "%s", "interface": "public", "url": "http://x", "enabled": "maybe"}}"""
                .formatted(service)).then().statusCode(400);
        given().header("X-Auth-Token", Tokens.admin()).queryParam("service_id", service)
                .get("/identity/v3/endpoints").then().statusCode(200)
                .body("endpoints.id", hasItem(endpoint))
                .body("endpoints.find { it.id == '%s' }.region".formatted(endpoint), equalTo("RegionOne"));
        given().header("X-Auth-Token", Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"endpoint\": {\"interface\": \"internal\", \"url\": \"http://meter.internal/v1\"}}")
                .patch("/identity/v3/endpoints/" + endpoint).then().statusCode(200)
                .body("endpoint.interface", equalTo("internal")).body("endpoint.url", equalTo("http://meter.internal/v1"));

        given().header("X-Auth-Token", Tokens.admin()).delete("/identity/v3/services/" + service).then()
                .statusCode(204);
        given().header("X-Auth-Token", Tokens.admin()).get("/identity/v3/endpoints/" + endpoint).then()
                .statusCode(404);
        given().header("X-Auth-Token", Tokens.admin()).get("/identity/v3/services").then()
                .body("services.id", not(hasItem(service)));
    }

    private static String created(String collection, String kind, String body) {
        Response response = post(collection, body);
        response.then().statusCode(201);
        return response.path(kind + ".id");
    }

    private static Response post(String collection, String body) {
        return given().header("X-Auth-Token", Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/identity/v3/" + collection);
    }
}
