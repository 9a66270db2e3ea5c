package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server on a tenant network through the whole system: the gateway checks the network with the network service,
 * the host's agent makes the server's port there (bound to the host, the instance as its device), the server shows
 * the port's address under the network's name, and the port goes when the server goes. On the simulated hosts
 * (test driver), so the host side is not built; the real-QEMU path is proven by the agent's
 * TenantNetworksQemuTest.
 */
class TenantNetworkTest {

    private static final Duration SETTLE = Duration.ofSeconds(90);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aServerOnItsProjectsNetworkGetsAPortThereAndShowsItsAddressUntilItGoes() {
        Compute alice = Compute.as("alice");
        String network = networkNamed(alice, "private");
        String id = alice.request().contentType(ContentType.JSON)
                .body(Map.of("server", Map.of("name", "e2e-networked", "flavorRef", "42",
                        "imageRef", Images.bootable(alice.token()), "networks", List.of(Map.of("uuid", network)))))
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        try {
            assertEquals("ACTIVE", alice.awaitSettled(id, SETTLE));
            List<Map<String, Object>> ports = alice.request().queryParam("device_id", id)
                    .get("/network/v2.0/ports").then().statusCode(200).extract().path("ports");
            assertEquals(1, ports.size(), "one port made for the server: " + ports);
            Map<String, Object> port = ports.get(0);
            assertEquals(network, port.get("network_id"));
            assertEquals("compute:nova", port.get("device_owner"));
            @SuppressWarnings("unchecked")
            String address = ((List<Map<String, String>>) port.get("fixed_ips")).get(0).get("ip_address");
            assertTrue(address.startsWith("10.0.0."), address);

            alice.show(id).then().body("server.addresses.private", hasSize(1))
                    .body("server.addresses.private[0].addr", equalTo(address))
                    .body("server.addresses.private[0].'OS-EXT-IPS-MAC:mac_addr'", equalTo(port.get("mac_address")));
            alice.request().get("/compute/v2.1/servers/" + id + "/ips/private").then().statusCode(200)
                    .body("private[0].addr", equalTo(address));
        } finally {
            alice.delete(id);
            alice.awaitGone(id, SETTLE);
        }
        await().atMost(SETTLE).untilAsserted(() -> alice.request().queryParam("device_id", id)
                .get("/network/v2.0/ports").then().statusCode(200).body("ports", hasSize(0)));
    }

    @Test
    void aNetworkTheTenantCannotSeeIsRefusedAndNothingIsMade() {
        Compute alice = Compute.as("alice");
        Compute bob = Compute.as("bob");
        String bobs = networkNamed(bob, "private");
        alice.request().contentType(ContentType.JSON)
                .body(Map.of("server", Map.of("name", "e2e-not-mine", "flavorRef", "42",
                        "imageRef", Images.bootable(alice.token()), "networks", List.of(Map.of("uuid", bobs)))))
                .post("/compute/v2.1/servers").then().statusCode(400)
                .body("badRequest.message", equalTo("Network " + bobs + " could not be found."));
    }

    private static String networkNamed(Compute user, String name) {
        List<String> ids = user.request().queryParam("name", name).queryParam("project_id", user.projectId())
                .get("/network/v2.0/networks").then().statusCode(200).extract().path("networks.id");
        assertEquals(1, ids.size(), user.projectId() + "'s networks named " + name + ": " + ids);
        return ids.get(0);
    }
}
