package dev.kumo.gateway.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.gateway.identity.TestProjects;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.gateway.images.TestImages;
import dev.kumo.gateway.networks.TestNetworks;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every page renders for the roles that may see it, and the operator's pages refuse tenants with the API's 403. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PortalPagesTest {

    private static final List<String> EVERYONES = List.of("/portal/instances", "/portal/images", "/portal/flavors",
            "/portal/networks", "/portal/keypairs", "/portal/quotas", "/portal/audit");
    private static final String HOSTS = "{\"hosts\": [{\"id\": 1, \"name\": \"compute-1\", \"state\": \"up\","
            + " \"enabled\": true, \"vcpus\": 8, \"used_vcpus\": 2, \"memory_mb\": 8192, \"used_memory_mb\": 4096,"
            + " \"disk_gb\": 100, \"used_disk_gb\": 10, \"running_instances\": 2}, {\"id\": 2, \"name\": \"compute-2\","
            + " \"state\": \"down\", \"enabled\": false, \"disabled_reason\": \"broken\", \"vcpus\": 8}]}";

    @OidcWireMock
    WireMockServer oidc;

    @BeforeEach
    void connect() {
        TestImages.serve(oidc);
        TestNetworks.serve(oidc);
        oidc.stubFor(get(urlPathEqualTo("/auth/v2/images")).willReturn(json("{\"images\": [{\"id\": \""
                + TestImages.ACTIVE + "\", \"name\": \"kumo-tiny\", \"status\": \"active\", \"visibility\": \"public\","
                + " \"disk_format\": \"raw\", \"size\": 1048576}]}")));
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts")).willReturn(json(HOSTS)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        TestProjects.roomy();
    }

    @Test
    void everyTenantPageRendersForMembersReadersAndOperators() {
        for (String token : List.of(Tokens.alice(), Tokens.carol(), Tokens.admin())) {
            for (String page : EVERYONES) {
                portal(token).get(page).then().statusCode(200).contentType(containsString("text/html"));
            }
        }
        portal(Tokens.alice()).get("/portal/new-instance").then().statusCode(200)
                .body(containsString("kumo-tiny")).body(containsString("m1.nano"))
                .body(containsString("No network is available"));
        portal(Tokens.alice()).get("/portal/networks").then().body(containsString("No networks."));
    }

    @Test
    void theOperatorsPagesShowHostsAndRefuseTenants() {
        portal(Tokens.admin()).get("/portal/dashboard").then().statusCode(200)
                .body(containsString("id=\"hosts-up\">1<")).body(containsString("id=\"hosts-down\">1<"));
        portal(Tokens.admin()).get("/portal/hosts").then().statusCode(200)
                .body(containsString("data-host=\"compute-1\" data-state=\"up\" data-maintenance=\"false\""))
                .body(containsString("broken"));

        portal(Tokens.alice()).get("/portal/dashboard").then().statusCode(403)
                .body(containsString("Policy doesn&#39;t allow"));
        portal(Tokens.alice()).get("/portal/hosts").then().statusCode(403);
        portal(Tokens.alice()).post("/portal/hosts/compute-1/maintenance-on").then().statusCode(403);
        portal(Tokens.carol()).get("/portal/new-instance").then().statusCode(403);
    }

    @Test
    void anOperatorPutsAHostIntoMaintenanceThroughOsHosts() {
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts/compute-1")).willReturn(json(
                "{\"host\": {\"id\": 1, \"name\": \"compute-1\", \"state\": \"up\", \"enabled\": true}}")));
        oidc.stubFor(put(urlPathEqualTo("/auth/hosts/compute-1/status")).willReturn(json(
                "{\"host\": {\"id\": 1, \"name\": \"compute-1\", \"maintenance\": true}}")));

        portal(Tokens.admin()).post("/portal/hosts/compute-1/maintenance-on").then().statusCode(303)
                .header("Location", containsString("/portal/hosts?notice="));

        oidc.verify(putRequestedFor(urlPathEqualTo("/auth/hosts/compute-1/status"))
                .withRequestBody(containing("\"maintenance\":true")));
    }

    private static RequestSpecification portal(String token) {
        return given().header("Authorization", "Bearer " + token).redirects().follow(false);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }
}
