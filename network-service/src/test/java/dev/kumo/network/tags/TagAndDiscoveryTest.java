package dev.kumo.network.tags;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.kumo.network.Neutron;
import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tags on resources and filtering by them; version and extension discovery. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class TagAndDiscoveryTest {

    @Test
    void tagsAreAddedReplacedCheckedFilteredAndRemoved() {
        String network = Neutron.network(Tokens.alice(), "tagged");
        String path = "/v2.0/networks/" + network + "/tags";
        as(Tokens.alice()).put(path + "/blue").then().statusCode(201);
        as(Tokens.alice()).get(path + "/blue").then().statusCode(204);
        as(Tokens.alice()).body(Map.of("tags", List.of("red", "green"))).put(path).then().statusCode(200)
                .body("tags", contains("green", "red"));
        error(as(Tokens.alice()).get(path + "/blue").then(), 404, "TagNotFound");
        as(Tokens.alice()).get("/v2.0/networks/" + network).then().body("network.tags", contains("green", "red"));
        as(Tokens.alice()).get("/v2.0/networks?tags=red,green").then().body("networks.id", contains(network));
        as(Tokens.alice()).get("/v2.0/networks?tags-any=green&name=tagged").then().body("networks.size()", equalTo(1));
        as(Tokens.alice()).delete(path + "/red").then().statusCode(204);
        as(Tokens.alice()).delete(path).then().statusCode(204);
        as(Tokens.alice()).get(path).then().body("tags", equalTo(List.of()));
        error(as(Tokens.bob()).get(path).then(), 404, "NetworkNotFound");
        error(as(Tokens.alice()).put("/v2.0/volumes/" + network + "/tags/x").then(), 404, "HTTPNotFound");
    }

    @Test
    void theVersionDocumentAndTheExtensionsListWhatIsImplemented() {
        given().get("/").then().statusCode(200).body("versions[0].id", equalTo("v2.0"))
                .body("versions[0].status", equalTo("CURRENT"));
        as(Tokens.alice()).get("/v2.0/extensions").then().statusCode(200)
                .body("extensions.alias", hasItems("router", "external-net", "security-group", "quotas",
                        "standard-attr-tag", "binding", "port-security"));
        as(Tokens.alice()).get("/v2.0/extensions/router").then().statusCode(200).body("extension.alias", equalTo("router"));
        error(as(Tokens.alice()).get("/v2.0/extensions/dvr").then(), 404, "HTTPNotFound");
        as(Tokens.alice()).get("/v2.0/agents").then().statusCode(200).body("agents", equalTo(List.of()));
    }
}
