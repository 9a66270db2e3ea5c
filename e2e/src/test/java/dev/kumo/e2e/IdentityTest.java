package dev.kumo.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Keystone v3 facade against the real Keycloak: what every OpenStack client does first. */
class IdentityTest {

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aPasswordScopedToAProjectByNameGetsATokenAndTheCatalog() {
        given().baseUri(KumoSystem.API).contentType(ContentType.JSON).body(auth("alice", "alice", "acme"))
                .post("/identity/v3/auth/tokens").then()
                .statusCode(201)
                .header("X-Subject-Token", notNullValue())
                .body("token.user.name", equalTo("alice"))
                .body("token.project.name", equalTo("acme"))
                .body("token.project.domain.name", equalTo("Default"))
                .body("token.roles.name", hasItem("member"))
                .body("token.catalog.type", containsInAnyOrder("compute", "image", "network", "identity"))
                .body("token.catalog.find { it.type == 'compute' }.endpoints.interface",
                        containsInAnyOrder("public", "internal", "admin"))
                .body("token.catalog.find { it.type == 'compute' }.endpoints[0].url",
                        equalTo(KumoSystem.API + "/compute/v2.1"))
                .body("token.catalog.find { it.type == 'compute' }.endpoints[0].region", equalTo("RegionOne"));
    }

    @Test
    void theIssuedTokenOpensTheComputeApiAndValidatesUntilRevoked() {
        String token = issue("bob", "bob", "globex");
        given().baseUri(KumoSystem.API).header("X-Auth-Token", token).get("/compute/v2.1/flavors")
                .then().statusCode(200);
        given().baseUri(KumoSystem.API).header("X-Auth-Token", token).header("X-Subject-Token", token)
                .get("/identity/v3/auth/tokens").then().statusCode(200).body("token.user.name", equalTo("bob"));

        given().baseUri(KumoSystem.API).header("X-Auth-Token", token).header("X-Subject-Token", token)
                .delete("/identity/v3/auth/tokens").then().statusCode(204);

        given().baseUri(KumoSystem.API).header("X-Auth-Token", token).get("/compute/v2.1/flavors")
                .then().statusCode(401);
    }

    @Test
    void aWrongPasswordOrAForeignProjectIsUnauthorized() {
        given().baseUri(KumoSystem.API).contentType(ContentType.JSON).body(auth("alice", "wrong", "acme"))
                .post("/identity/v3/auth/tokens").then()
                .statusCode(401)
                .body("error.code", equalTo(401))
                .body("error.title", equalTo("Unauthorized"));
        given().baseUri(KumoSystem.API).contentType(ContentType.JSON).body(auth("alice", "alice", "globex"))
                .post("/identity/v3/auth/tokens").then().statusCode(401);
    }

    @Test
    void aMalformedRequestIsABadRequest() {
        given().baseUri(KumoSystem.API).contentType(ContentType.JSON).body("{\"auth\": {}}")
                .post("/identity/v3/auth/tokens").then()
                .statusCode(400)
                .body("error.message", equalTo("Expecting to find identity.methods in auth."));
    }

    @Test
    void versionDiscoveryNeedsNoToken() {
        given().baseUri(KumoSystem.API).get("/identity/v3").then()
                .statusCode(200).body("version.id", equalTo("v3.14"));
        given().baseUri(KumoSystem.API).get("/identity").then()
                .statusCode(300).body("versions.values[0].status", equalTo("stable"));
    }

    static String issue(String user, String password, String project) {
        return given().baseUri(KumoSystem.API).contentType(ContentType.JSON).body(auth(user, password, project))
                .post("/identity/v3/auth/tokens").then().statusCode(201).extract().header("X-Subject-Token");
    }

    static String auth(String user, String password, String project) {
        return """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {
                    "name": "%s", "domain": {"name": "Default"}, "password": "%s"}}},
                  "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}
                """.formatted(user, password, project);
    }
}
