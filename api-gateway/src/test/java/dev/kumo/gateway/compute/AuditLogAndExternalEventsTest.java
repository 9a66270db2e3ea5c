package dev.kumo.gateway.compute;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.gateway.identity.TestProjects;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.gateway.images.TestImages;
import dev.kumo.gateway.networks.TestNetworks;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin extras: os-instance_usage_audit_log, os-server-external-events, server diagnostics, os-hosts actions. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class AuditLogAndExternalEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @OidcWireMock
    WireMockServer oidc;

    private MessageBus bus;

    @BeforeEach
    void connect() {
        TestImages.serve(oidc);
        TestNetworks.serve(oidc);
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"hosts\": [{\"id\": 2, \"name\": \"compute-2\"}, {\"id\": 1, \"name\": \"compute-1\"}]}")));
        bus = new MessageBus(bootstrapServers);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        TestProjects.roomy();
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void theUsageAuditLogReportsEveryHostAsNotRunForTheLastCompletedMonth() {
        as(Tokens.admin()).get("/compute/v2.1/os-instance_usage_audit_log").then().statusCode(200)
                .body("instance_usage_audit_logs.hosts_not_run", contains("compute-1", "compute-2"))
                .body("instance_usage_audit_logs.num_hosts", equalTo(2))
                .body("instance_usage_audit_logs.overall_status", equalTo("0 of 2 hosts done. 0 errors."));
        as(Tokens.admin()).get("/compute/v2.1/os-instance_usage_audit_log/2026-03-15 10:00:00").then()
                .statusCode(200)
                .body("instance_usage_audit_log.period_beginning", equalTo("2026-02-01 00:00:00"))
                .body("instance_usage_audit_log.period_ending", equalTo("2026-03-01 00:00:00"));
        as(Tokens.admin()).get("/compute/v2.1/os-instance_usage_audit_log/invalid_time").then().statusCode(400);
        as(Tokens.alice()).get("/compute/v2.1/os-instance_usage_audit_log").then().statusCode(403);
    }

    @Test
    void externalEventsAreAnsweredPerEventByTheirInstancesState() {
        String active = server("evented");
        bus.send(new InstanceActive(UUID.fromString(active), "compute-1", "kumo-" + active, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/" + active).then()
                .body("server.status", equalTo("ACTIVE")));
        String unknown = UUID.randomUUID().toString();

        events(Tokens.admin(), "[{\"name\": \"network-changed\", \"server_uuid\": \"" + active + "\"}]")
                .then().statusCode(200)
                .body("events[0].code", equalTo(200))
                .body("events[0].status", equalTo("completed"));
        events(Tokens.admin(), "[{\"name\": \"network-changed\", \"server_uuid\": \"" + active + "\"},"
                + " {\"name\": \"network-vif-plugged\", \"server_uuid\": \"" + unknown + "\"}]")
                .then().statusCode(207)
                .body("events[1].code", equalTo(404));
        events(Tokens.admin(), "[{\"name\": \"volume-extended\", \"server_uuid\": \"" + active + "\"}]")
                .then().statusCode(400);
        events(Tokens.alice(), "[{\"name\": \"network-changed\", \"server_uuid\": \"" + active + "\"}]")
                .then().statusCode(403);
    }

    @Test
    void diagnosticsAreReadFromTheInstancesHostAgentByAdminsOnly() {
        String id = server("diagnosed");
        bus.send(new InstanceActive(UUID.fromString(id), "compute-1", "kumo-" + id, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then()
                .body("server.status", equalTo("ACTIVE")));
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts/compute-1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"host\": {\"id\": 1, \"name\": \"compute-1\", \"agent_url\": \"" + oidc.baseUrl()
                        + "/agent-1\"}}")));
        oidc.stubFor(get(urlPathEqualTo("/agent-1/agent/instances/" + id + "/diagnostics")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"cpu0_time\": 17000000, \"memory\": 131072, \"memory-actual\": 131072}")));

        as(Tokens.admin()).get("/compute/v2.1/servers/" + id + "/diagnostics").then().statusCode(200)
                .body("cpu0_time", equalTo(17000000))
                .body("memory", equalTo(131072));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/diagnostics").then().statusCode(403);
        as(Tokens.admin()).get("/compute/v2.1/servers/" + UUID.randomUUID() + "/diagnostics").then().statusCode(404);
    }

    @Test
    void osHostsEnablesAndDisablesAHostAndRefusesWhatKumoDoesNotDo() {
        oidc.stubFor(get(urlPathEqualTo("/auth/hosts/compute-1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"host\": {\"id\": 1, \"name\": \"compute-1\", \"enabled\": true}}")));
        oidc.stubFor(put(urlPathEqualTo("/auth/hosts/compute-1/status")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"host\": {\"id\": 1, \"name\": \"compute-1\", \"enabled\": false}}")));

        hostUpdate(Tokens.admin(), "compute-1", "{\"status\": \"disable\"}").then().statusCode(200)
                .body("host", equalTo("compute-1"))
                .body("status", equalTo("disabled"));
        oidc.verify(putRequestedFor(urlPathEqualTo("/auth/hosts/compute-1/status"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"enabled\":false")));
        hostUpdate(Tokens.admin(), "compute-1", "{\"status\": \"invalid\"}").then().statusCode(400);
        hostUpdate(Tokens.admin(), "compute-1", "{}").then().statusCode(400);
        hostUpdate(Tokens.admin(), "compute-1", "{\"status\": null, \"maintenance_mode\": null}").then()
                .statusCode(400);
        as(Tokens.admin()).get("/compute/v2.1/os-hosts?zone=xxx").then().statusCode(200)
                .body("hosts.size()", equalTo(0));
        as(Tokens.admin()).get("/compute/v2.1/os-hosts?zone=").then().body("hosts.size()", equalTo(2));
        oidc.stubFor(put(urlPathEqualTo("/auth/hosts/compute-1/status"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"maintenance\":true"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"host\": {\"id\": 1, \"name\": \"compute-1\", \"enabled\": true,"
                                + " \"maintenance\": true}}")));
        hostUpdate(Tokens.admin(), "compute-1", "{\"maintenance_mode\": \"ENABLE\"}").then().statusCode(200)
                .body("host", equalTo("compute-1"))
                .body("maintenance_mode", equalTo("on_maintenance"))
                .body("status", org.hamcrest.Matchers.nullValue());
        oidc.verify(putRequestedFor(urlPathEqualTo("/auth/hosts/compute-1/status"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"maintenance\":true")));
        hostUpdate(Tokens.admin(), "compute-1", "{\"maintenance_mode\": \"disable\"}").then().statusCode(200)
                .body("maintenance_mode", equalTo("off_maintenance"));
        hostUpdate(Tokens.admin(), "compute-1", "{\"maintenance_mode\": \"eNaBle\"}").then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString("maintenance_mode"));
        hostUpdate(Tokens.admin(), "compute-1", "{\"maintenance_mode\": true}").then().statusCode(400);
        hostUpdate(Tokens.admin(), "compute-1", "{\"maintenance_mode\": \"enable\", \"extra\": 1}").then()
                .statusCode(400);
        hostUpdate(Tokens.alice(), "compute-1", "{\"maintenance_mode\": \"enable\"}").then().statusCode(403);
        hostUpdate(Tokens.admin(), "nowhere", "{\"status\": \"enable\"}").then().statusCode(404);
        hostUpdate(Tokens.alice(), "compute-1", "{\"status\": \"enable\"}").then().statusCode(403);
        as(Tokens.admin()).get("/compute/v2.1/os-hosts/compute-1/reboot").then().statusCode(501);
        as(Tokens.admin()).get("/compute/v2.1/os-hosts/nowhere/startup").then().statusCode(404);
        as(Tokens.alice()).get("/compute/v2.1/os-hosts/compute-1/shutdown").then().statusCode(403);
    }

    private static io.restassured.response.Response hostUpdate(String token, String host, String body) {
        return as(token).contentType(ContentType.JSON).body(body).put("/compute/v2.1/os-hosts/" + host);
    }

    private String server(String name) {
        return as(Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \""
                        + TestImages.ACTIVE + "\"}}")
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
    }

    private static io.restassured.response.Response events(String token, String events) {
        return as(token).contentType(ContentType.JSON).body("{\"events\": " + events + "}")
                .post("/compute/v2.1/os-server-external-events");
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
