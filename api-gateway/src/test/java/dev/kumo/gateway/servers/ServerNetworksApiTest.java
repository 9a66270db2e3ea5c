package dev.kumo.gateway.servers;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.kumo.contracts.instance.AttachedPort;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstancePortsReleased;
import dev.kumo.contracts.instance.PortFloatingIps;
import dev.kumo.contracts.instance.RequestedNetwork;
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
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server's networks: checked with the network service before the request is accepted (the test plays Neutron
 * with WireMock), handed to the host in the build, and shown as {@code addresses} once the host reports the ports
 * it plugged the domain into. Real PostgreSQL and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ServerNetworksApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PRIVATE = "5b1d8c36-0f0e-4c52-9d0a-6a3f3c1e2b11";
    private static final String OTHER = "e3c2a1b0-9f8e-4d7c-8b6a-5f4e3d2c1b0a";
    private static final String FREE_PORT = "1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d";
    private static final String BUSY_PORT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
    private static final String WEB_GROUP = "c0ffee00-0000-4000-8000-00000000feed";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @OidcWireMock
    WireMockServer oidc;

    private MessageBus bus;

    @BeforeEach
    void connect() {
        TestImages.serve(oidc);
        TestNetworks.serve(oidc);
        TestNetworks.network(oidc, PRIVATE, "private", Tokens.ACME);
        TestNetworks.port(oidc, FREE_PORT, PRIVATE, "");
        TestNetworks.port(oidc, BUSY_PORT, PRIVATE, UUID.randomUUID().toString());
        TestNetworks.securityGroup(oidc, WEB_GROUP, "web");
        bus = new MessageBus(bootstrapServers);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200));
        TestProjects.roomy();
    }

    @AfterEach
    void disconnect() {
        TestNetworks.serve(oidc);
        bus.close();
    }

    @Test
    void aServerOnANetworkShowsTheAddressesOfThePortItsHostPluggedItInto() {
        String id = create("{\"name\": \"net-web\", \"networks\": [{\"uuid\": \"" + PRIVATE + "\", \"fixed_ip\": "
                + "\"10.0.0.7\"}], \"security_groups\": [{\"name\": \"web\"}]}").then().statusCode(202)
                .extract().path("server.id");
        bus.send(new InstanceActive(UUID.fromString(id), "compute-1", "kumo-" + id, Instant.now(),
                List.of(new AttachedPort("p-1", PRIVATE, "private", "fa:16:3e:00:00:07",
                        List.of("10.0.0.7", "fd00::7"), true))));

        BuildInstance build = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT);
        assertEquals(List.of(RequestedNetwork.onNetwork(PRIVATE, "10.0.0.7", List.of(WEB_GROUP))), build.networks());

        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.status", equalTo("ACTIVE"))
                .body("server.addresses.private", hasSize(2))
                .body("server.addresses.private[0].addr", equalTo("10.0.0.7"))
                .body("server.addresses.private[0].version", equalTo(4))
                .body("server.addresses.private[0].'OS-EXT-IPS:type'", equalTo("fixed"))
                .body("server.addresses.private[0].'OS-EXT-IPS-MAC:mac_addr'", equalTo("fa:16:3e:00:00:07"))
                .body("server.addresses.private[1].version", equalTo(6)));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/ips").then().statusCode(200)
                .body("addresses.private[0].addr", equalTo("10.0.0.7"))
                .body("addresses.private[0]", equalTo(java.util.Map.of("version", 4, "addr", "10.0.0.7")));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/ips/private").then().statusCode(200)
                .body("private[1].addr", equalTo("fd00::7"));
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"server\": {\"name\": \"net-web-2\"}}")
                .put("/compute/v2.1/servers/" + id).then().statusCode(200)
                .body("server.addresses.private[0]", equalTo(java.util.Map.of("version", 4, "addr", "10.0.0.7")));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/ips/public").then().statusCode(404)
                .body("itemNotFound.message", equalTo("Instance is not a member of specified network"));
        as(Tokens.alice()).get("/compute/v2.1/servers/detail").then().statusCode(200)
                .body("servers.find { it.id == '" + id + "' }.addresses.private[0].addr", equalTo("10.0.0.7"));

        as(Tokens.alice()).delete("/compute/v2.1/servers/" + id).then().statusCode(204);
        bus.send(new InstanceDestroyed(UUID.fromString(id), "compute-1"));
        InstancePortsReleased released = bus.await(InstancePortsReleased.class,
                e -> e.instanceId().toString().equals(id), WAIT);
        assertEquals(List.of("p-1"), released.delete(), "the port made for the server goes with it");
        assertEquals(List.of(), released.unbind());
    }

    @Test
    void portsAHostReportsForAServerDeletedBeforeItRanAreReleasedAtOnce() {
        String id = create("{\"name\": \"net-late\", \"networks\": [{\"uuid\": \"" + PRIVATE + "\"}]}")
                .then().statusCode(202).extract().path("server.id");
        bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT);
        as(Tokens.alice()).delete("/compute/v2.1/servers/" + id).then().statusCode(204);
        bus.send(new InstanceDestroyed(UUID.fromString(id), null));
        await().atMost(WAIT).untilAsserted(() -> server(id).statusCode(404));

        bus.send(new InstanceActive(UUID.fromString(id), "compute-1", "kumo-" + id, Instant.now(),
                List.of(new AttachedPort("p-late", PRIVATE, "private", "fa:16:3e:00:00:09", List.of("10.0.0.9"), true),
                        new AttachedPort("p-own", PRIVATE, "private", "fa:16:3e:00:00:0a", List.of("10.0.0.10"),
                                false))));

        InstancePortsReleased released = bus.await(InstancePortsReleased.class,
                e -> e.instanceId().toString().equals(id), WAIT);
        assertEquals(List.of("p-late"), released.delete(), "the port made for it");
        assertEquals(List.of("p-own"), released.unbind(), "the tenant's own port, unbound");
    }

    @Test
    void aFloatingIpShowsAfterItsPortsFixedIpsUnderTheSameNetworkWithThePortsMac() {
        String id = create("{\"name\": \"net-fip\", \"networks\": [{\"uuid\": \"" + PRIVATE + "\"}]}").then()
                .statusCode(202).extract().path("server.id");
        UUID instance = UUID.fromString(id);
        // A port that had its floating IP before the server took it is reported before the host's ports.
        bus.send(new PortFloatingIps(instance, "p-fip", List.of("198.51.100.20")));
        bus.send(new InstanceActive(instance, "compute-1", "kumo-" + id, Instant.now(),
                List.of(new AttachedPort("p-fip", PRIVATE, "private", "fa:16:3e:00:00:09", List.of("10.0.0.9"), true))));

        await().atMost(WAIT).untilAsserted(() -> server(id).body("server.status", equalTo("ACTIVE"))
                .body("server.addresses.private", hasSize(2))
                .body("server.addresses.private[0].'OS-EXT-IPS:type'", equalTo("fixed"))
                .body("server.addresses.private[1]", equalTo(java.util.Map.of("version", 4, "addr", "198.51.100.20",
                        "OS-EXT-IPS:type", "floating", "OS-EXT-IPS-MAC:mac_addr", "fa:16:3e:00:00:09"))));
        as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/ips/private").then().statusCode(200)
                .body("private[1]", equalTo(java.util.Map.of("version", 4, "addr", "198.51.100.20")));

        UUID again = bus.send(new PortFloatingIps(instance, "p-fip", List.of("198.51.100.20", "198.51.100.21")));
        bus.send(new PortFloatingIps(instance, "p-fip", List.of("198.51.100.20", "198.51.100.21")), again);
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/detail").then()
                .statusCode(200)
                .body("servers.find { it.id == '" + id + "' }.addresses.private.addr",
                        equalTo(List.of("10.0.0.9", "198.51.100.20", "198.51.100.21"))));

        bus.send(new PortFloatingIps(instance, "p-fip", List.of()));
        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/compute/v2.1/servers/" + id + "/ips")
                .then().statusCode(200).body("addresses.private.addr", equalTo(List.of("10.0.0.9"))));
        as(Tokens.alice()).get("/compute/v2.1/servers/detail").then().statusCode(200)
                .body("servers.find { it.id == '" + id + "' }.addresses.private", hasSize(1));
    }

    @Test
    void aTenantsOwnFreePortIsTakenAsItIs() {
        String id = create("{\"name\": \"net-port\", \"networks\": [{\"port\": \"" + FREE_PORT + "\"}]}").then()
                .statusCode(202).extract().path("server.id");

        BuildInstance build = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT);
        assertEquals(List.of(RequestedNetwork.existingPort(FREE_PORT)), build.networks());
    }

    @Test
    void networksAndPortsTheCallerCannotUseRefuseTheRequestAndCreateNothing() {
        create("{\"name\": \"net-bad\", \"networks\": [{\"uuid\": \"" + OTHER + "\"}]}").then().statusCode(400)
                .body("badRequest.message", equalTo("Network " + OTHER + " could not be found."));
        String unknownPort = UUID.randomUUID().toString();
        create("{\"name\": \"net-bad\", \"networks\": [{\"port\": \"" + unknownPort + "\"}]}").then()
                .statusCode(400).body("badRequest.message", equalTo("Port id " + unknownPort
                        + " could not be found."));
        create("{\"name\": \"net-bad\", \"networks\": [{\"port\": \"" + BUSY_PORT + "\"}]}").then().statusCode(409)
                .body("conflictingRequest.message", equalTo("Port " + BUSY_PORT + " is still in use."));
        create("{\"name\": \"net-bad\", \"networks\": [{\"port\": \"not-a-uuid\"}]}").then().statusCode(400);
        create("{\"name\": \"net-bad\", \"networks\": [{\"uuid\": \"" + PRIVATE + "\", \"fixed_ip\": \"10.0.0.300\"}]}")
                .then().statusCode(400);
        create("{\"name\": \"net-bad\", \"min_count\": 2, \"max_count\": 2, \"networks\": [{\"uuid\": \"" + PRIVATE
                + "\", \"fixed_ip\": \"10.0.0.8\"}]}").then().statusCode(400)
                .body("badRequest.message", containsString("fixed_ip"));
        create("{\"name\": \"net-bad\", \"networks\": [{\"uuid\": \"" + PRIVATE + "\"}], \"security_groups\": "
                + "[{\"name\": \"no-such-group\"}]}").then().statusCode(400)
                .body("badRequest.message", containsString("Security group no-such-group not found"));

        as(Tokens.alice()).queryParam("name", "^net-bad").get("/compute/v2.1/servers").then().statusCode(200)
                .body("servers", hasSize(0));
    }

    @Test
    void autoTakesTheProjectsOnlyNetworkAndRefusesToGuessBetweenSeveral() {
        String id = createAt("2.37", "{\"name\": \"net-auto\", \"networks\": \"auto\"}").then().statusCode(202)
                .extract().path("server.id");
        BuildInstance build = bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(id), WAIT);
        assertEquals(List.of(RequestedNetwork.onNetwork(PRIVATE, null, List.of())), build.networks());

        String none = createAt("2.37", "{\"name\": \"net-none\", \"networks\": \"none\"}").then().statusCode(202)
                .extract().path("server.id");
        assertTrue(bus.await(BuildInstance.class, b -> b.instanceId().toString().equals(none), WAIT).networks()
                .isEmpty());

        TestNetworks.networks(oidc, TestNetworks.networkJson(PRIVATE, "private", Tokens.ACME),
                TestNetworks.networkJson(OTHER, "second", Tokens.ACME));
        createAt("2.37", "{\"name\": \"net-auto\", \"networks\": \"auto\"}").then().statusCode(409)
                .body("conflictingRequest.message", containsString("More than one possible network found"));
    }

    private static Response create(String server) {
        return createAt("2.1", server);
    }

    private static Response createAt(String version, String server) {
        String body = "{\"server\": " + server.replaceFirst("\\{", "{\"flavorRef\": \"42\", \"imageRef\": \""
                + TestImages.ACTIVE + "\", ") + "}";
        return as(Tokens.alice()).header("OpenStack-API-Version", "compute " + version)
                .contentType(ContentType.JSON).body(body).post("/compute/v2.1/servers");
    }

    private static io.restassured.response.ValidatableResponse server(String id) {
        return as(Tokens.alice()).get("/compute/v2.1/servers/" + id).then();
    }

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token);
    }
}
