package dev.kumo.network.networks;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static dev.kumo.network.Neutron.post;
import static dev.kumo.network.Neutron.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

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

/** Networks: their life cycle, who sees them (own, shared, external) and how requests are refused. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class NetworkApiTest {

    @Test
    void aMemberCreatesShowsRenamesAndDeletesANetwork() {
        String id = post(Tokens.alice(), "/v2.0/networks", "network", Map.of("name", "web", "description", "front"))
                .statusCode(201)
                .body("network.name", equalTo("web"))
                .body("network.status", equalTo("ACTIVE"))
                .body("network.admin_state_up", equalTo(true))
                .body("network.shared", equalTo(false))
                .body("network.'router:external'", equalTo(false))
                .body("network.mtu", equalTo(1500))
                .body("network.subnets", empty())
                .body("network.project_id", equalTo(Tokens.ACME))
                .body("network.tenant_id", equalTo(Tokens.ACME))
                .body("network.revision_number", equalTo(0))
                .extract().path("network.id");

        put(Tokens.alice(), "/v2.0/networks/" + id, "network", Map.of("name", "web-2", "admin_state_up", false))
                .statusCode(200).body("network.name", equalTo("web-2")).body("network.admin_state_up", equalTo(false))
                .body("network.revision_number", equalTo(1));
        as(Tokens.alice()).get("/v2.0/networks/" + id).then().statusCode(200).body("network.name", equalTo("web-2"));
        as(Tokens.alice()).delete("/v2.0/networks/" + id).then().statusCode(204);
        error(as(Tokens.alice()).get("/v2.0/networks/" + id).then(), 404, "NetworkNotFound");
    }

    @Test
    void anotherProjectsNetworkIs404ForEveryVerb() {
        String alices = Neutron.network(Tokens.alice(), "alices");

        error(as(Tokens.bob()).get("/v2.0/networks/" + alices).then(), 404, "NetworkNotFound");
        error(put(Tokens.bob(), "/v2.0/networks/" + alices, "network", Map.of("name", "mine")), 404, "NetworkNotFound");
        error(as(Tokens.bob()).delete("/v2.0/networks/" + alices).then(), 404, "NetworkNotFound");
        as(Tokens.bob()).get("/v2.0/networks").then().statusCode(200).body("networks.id", not(hasItem(alices)));
        as(Tokens.admin()).get("/v2.0/networks/" + alices).then().statusCode(200);
    }

    @Test
    void sharedAndExternalNetworksAreVisibleToEveryProjectButChangedOnlyByTheirOwner() {
        String shared = Neutron.network(Tokens.admin(), Map.of("name", "shared-net", "shared", true));
        String external = Neutron.network(Tokens.admin(), Map.of("name", "ext-net", "router:external", true));

        as(Tokens.bob()).get("/v2.0/networks").then().statusCode(200)
                .body("networks.id", hasItem(shared)).body("networks.id", hasItem(external));
        as(Tokens.bob()).get("/v2.0/networks?router:external=true").then().statusCode(200)
                .body("networks.id", hasItem(external)).body("networks.id", not(hasItem(shared)));
        error(put(Tokens.bob(), "/v2.0/networks/" + shared, "network", Map.of("name", "taken")), 403, "PolicyNotAuthorized");
    }

    @Test
    void onlyAnAdminMakesANetworkSharedOrExternalOrNamesAnotherProject() {
        error(post(Tokens.alice(), "/v2.0/networks", "network", Map.of("shared", true)), 403, "PolicyNotAuthorized");
        error(post(Tokens.alice(), "/v2.0/networks", "network", Map.of("router:external", true)), 403, "PolicyNotAuthorized");
        error(post(Tokens.alice(), "/v2.0/networks", "network", Map.of("project_id", Tokens.GLOBEX)), 400, "HTTPBadRequest");

        post(Tokens.admin(), "/v2.0/networks", "network", Map.of("name", "for-bob", "project_id", Tokens.GLOBEX))
                .statusCode(201).body("network.project_id", equalTo(Tokens.GLOBEX));
        as(Tokens.bob()).get("/v2.0/networks?name=for-bob").then().body("networks.name", contains("for-bob"));
    }

    @Test
    void aReaderReadsButCannotCreate() {
        error(post(Tokens.carol(), "/v2.0/networks", "network", Map.of("name", "nope")), 403, "PolicyNotAuthorized");
        as(Tokens.carol()).get("/v2.0/networks").then().statusCode(200);
    }

    @Test
    void badInputIs400NamingTheAttribute() {
        String message = error(post(Tokens.alice(), "/v2.0/networks", "network", Map.of("admin_state_up", "maybe")),
                400, "HTTPBadRequest");
        org.hamcrest.MatcherAssert.assertThat(message, org.hamcrest.Matchers.containsString("admin_state_up"));
        error(post(Tokens.alice(), "/v2.0/networks", "network", Map.of("colour", "blue")), 400, "HTTPBadRequest");
        error(post(Tokens.alice(), "/v2.0/networks", "network", Map.of("mtu", 9000)), 400, "InvalidInput");
        error(as(Tokens.alice()).body("{\"network\": ").post("/v2.0/networks").then(), 400, "HTTPBadRequest");
        error(as(Tokens.alice()).body(Map.of("net", Map.of())).post("/v2.0/networks").then(), 400, "HTTPBadRequest");
        error(as(Tokens.alice()).get("/v2.0/networks/not-a-uuid").then(), 404, "NetworkNotFound");
    }

    @Test
    void withoutAValidTokenTheAnswerIs401() {
        error(given().get("/v2.0/networks").then(), 401, "HTTPUnauthorized");
        error(given().header("X-Auth-Token", "garbage").get("/v2.0/networks").then(), 401, "HTTPUnauthorized");
    }

    @Test
    void bulkCreateMakesAllTheNetworksInOneRequest() {
        as(Tokens.alice()).body(Map.of("networks", List.of(Map.of("name", "bulk-1"), Map.of("name", "bulk-2"))))
                .post("/v2.0/networks").then().statusCode(201).body("networks.name", contains("bulk-1", "bulk-2"));
    }

    @Test
    void aNetworkWithAPortIsInUseAndItsSubnetsGoWithIt() {
        String network = Neutron.network(Tokens.alice(), "in-use");
        String subnet = Neutron.subnet(Tokens.alice(), network, "10.30.0.0/24");
        String port = Neutron.port(Tokens.alice(), network);

        error(as(Tokens.alice()).delete("/v2.0/networks/" + network).then(), 409, "NetworkInUse");
        as(Tokens.alice()).delete("/v2.0/ports/" + port).then().statusCode(204);
        as(Tokens.alice()).delete("/v2.0/networks/" + network).then().statusCode(204);
        error(as(Tokens.alice()).get("/v2.0/subnets/" + subnet).then(), 404, "SubnetNotFound");
    }

    @Test
    void fieldsFiltersAndPagesWithLinks() {
        String prefix = "page-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            Neutron.network(Tokens.alice(), Map.of("name", prefix, "description", "d" + i));
        }
        as(Tokens.alice()).get("/v2.0/networks?name=" + prefix + "&fields=id&fields=name").then().statusCode(200)
                .body("networks.size()", equalTo(3))
                .body("networks[0]", not(hasKey("description")))
                .body("networks[0]", hasKey("name"));

        String next = as(Tokens.alice()).get("/v2.0/networks?name=" + prefix + "&limit=2&sort_key=description&sort_dir=desc")
                .then().statusCode(200)
                .body("networks.description", contains("d2", "d1"))
                .body("networks_links[0].rel", equalTo("next"))
                .extract().path("networks_links[0].href");
        String marker = next.replaceAll(".*marker=([^&]+).*", "$1");
        as(Tokens.alice()).get("/v2.0/networks?name=" + prefix + "&limit=2&sort_key=description&sort_dir=desc&marker=" + marker)
                .then().statusCode(200).body("networks.description", contains("d0"))
                .body("networks_links.rel", not(hasItem("next")));
    }
}
