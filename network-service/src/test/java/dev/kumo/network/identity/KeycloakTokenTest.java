package dev.kumo.network.identity;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static dev.kumo.network.Neutron.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.KeycloakServer;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Real Keycloak tokens of the demo realm (password grant, sent as X-Auth-Token): the project comes from the
 * token's project_id claim and the roles from realm_access, as for image-service and the gateway.
 */
@QuarkusTest
@QuarkusTestResource(value = RealKeycloakTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@EnabledIf("dev.kumo.network.identity.RealKeycloakTestResource#available")
class KeycloakTokenTest {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    private String token(String user) {
        return new KeycloakServer(issuer.substring(0, issuer.indexOf("/realms/"))).accessToken(user, user);
    }

    @Test
    void aMembersNetworkBelongsToTheProjectOfTheTokenAndIsHiddenFromOtherProjects() {
        String alice = token("alice");
        String projectId = KeycloakServer.claimsJson(alice).replaceAll(".*\"project_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String network = post(alice, "/v2.0/networks", "network", Map.of("name", "keycloak-net")).statusCode(201)
                .body("network.project_id", equalTo(projectId))
                .body("network.project_id", matchesPattern("[0-9a-f]{32}"))
                .extract().path("network.id");

        error(as(token("bob")).get("/v2.0/networks/" + network).then(), 404, "NetworkNotFound");
        as(token("admin")).get("/v2.0/networks/" + network).then().statusCode(200);
    }

    @Test
    void aReaderMayNotCreateAndATamperedTokenIs401() {
        error(post(token("carol"), "/v2.0/networks", "network", Map.of("name", "nope")), 403, "PolicyNotAuthorized");
        String alice = token("alice");
        error(given().header("X-Auth-Token", alice.substring(0, alice.length() - 4) + "AAAA").get("/v2.0/networks").then(),
                401, "HTTPUnauthorized");
    }
}
