package dev.kumo.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant networks with real guests, through the public API only, on the system's real-QEMU host. Alice makes a
 * security group that admits ICMP from its own members and two ports in it on her {@code private} network; Bob a
 * port on his {@code private}, the same 10.0.0.0/24. Three kumo-tiny guests boot on those ports (an admin forces
 * them onto the QEMU host), each pinging what its {@code kumo_ping} metadata names every two seconds and printing
 * the result on its serial console, which the test reads with {@code os-getConsoleOutput}. Each guest gets its
 * port's address by DHCP; Alice's two reach each other; Bob's cannot reach Alice's. Deleting the ICMP rule through
 * the Neutron API stops the pings (network-service sends the host {@code host.update-port-rules}), creating it
 * again brings them back. The guests ping only each other, on the bridges the system made for these networks.
 */
class RealTenantNetworkTest {

    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final Duration RULES = Duration.ofSeconds(60);

    private static Compute admin;
    private static Compute alice;
    private static Compute bob;
    private static String qemuHost;
    private static final List<String> servers = new ArrayList<>();
    private static final List<String> alicePorts = new ArrayList<>();
    private static final List<String> bobPorts = new ArrayList<>();
    private static String group;

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
        admin = Compute.as("admin");
        alice = Compute.as("alice");
        bob = Compute.as("bob");
        qemuHost = Hypervisors.qemuHost(admin);
    }

    @AfterAll
    static void cleanUp() {
        if (admin == null) {
            return;
        }
        servers.forEach(id -> admin.request().delete("/compute/v2.1/servers/" + id));
        servers.forEach(id -> admin.awaitGone(id, SETTLE));
        alicePorts.forEach(id -> alice.request().delete("/network/v2.0/ports/" + id));
        bobPorts.forEach(id -> bob.request().delete("/network/v2.0/ports/" + id));
        if (group != null) {
            alice.request().delete("/network/v2.0/security-groups/" + group).then().statusCode(204);
        }
    }

    @Test
    void guestsOnATenantNetworkGetTheirAddressesReachEachOtherOnlyAndFollowTheirSecurityGroup() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        group = alice.request().contentType(ContentType.JSON)
                .body(Map.of("security_group", Map.of("name", "e2e-ping-" + suffix)))
                .post("/network/v2.0/security-groups").then().statusCode(201).extract().path("security_group.id");
        pingRule();
        String aliceNetwork = networkNamed(alice, "private");
        String first = port(alice, aliceNetwork, "e2e-ping-1-" + suffix, List.of(group));
        String second = port(alice, aliceNetwork, "e2e-ping-2-" + suffix, List.of(group));
        String stranger = port(bob, networkNamed(bob, "private"), "e2e-stranger-" + suffix, null);
        String firstAddress = address(alice, first);
        String secondAddress = address(alice, second);
        String strangerAddress = address(bob, stranger);
        // Bob's guest pings an address of Alice's that is not its own (both networks are 10.0.0.0/24).
        String strangersTarget = strangerAddress.equals(firstAddress) ? secondAddress : firstAddress;

        String one = boot("e2e-ping-1", first, secondAddress);
        String two = boot("e2e-ping-2", second, firstAddress);
        String three = boot("e2e-stranger", stranger, strangersTarget);
        admin.show(one).then().body("server.addresses.private[0].addr", equalTo(firstAddress));
        admin.show(two).then().body("server.addresses.private[0].addr", equalTo(secondAddress));

        awaitLines(one, 0, "kumo-tiny: eth0 address " + firstAddress + "/24", 1, BOOT);
        awaitLines(two, 0, "kumo-tiny: eth0 address " + secondAddress + "/24", 1, BOOT);
        awaitLines(three, 0, "kumo-tiny: eth0 address " + strangerAddress + "/24", 1, BOOT);
        awaitLines(one, 0, "kumo-tiny: ping " + secondAddress + " ok", 1, BOOT);
        awaitLines(two, 0, "kumo-tiny: ping " + firstAddress + " ok", 1, BOOT);
        awaitLines(three, 0, "kumo-tiny: ping " + strangersTarget + " ", 5, BOOT);
        assertFalse(console(three).contains("kumo-tiny: ping " + strangersTarget + " ok"),
                "Bob's guest reached Alice's network:\n" + tinyLines(three));

        // Without the ICMP rule, neither of Alice's guests takes the other's pings.
        String rule = ruleAdmittingPings();
        int oneBefore = console(one).length();
        int twoBefore = console(two).length();
        alice.request().delete("/network/v2.0/security-group-rules/" + rule).then().statusCode(204);
        awaitLines(one, oneBefore, "kumo-tiny: ping " + secondAddress + " fail", 3, RULES);
        awaitLines(two, twoBefore, "kumo-tiny: ping " + firstAddress + " fail", 3, RULES);

        // With it again (a remote group rule: the host learns both members' addresses), they do.
        oneBefore = console(one).length();
        twoBefore = console(two).length();
        pingRule();
        awaitLines(one, oneBefore, "kumo-tiny: ping " + secondAddress + " ok", 2, RULES);
        awaitLines(two, twoBefore, "kumo-tiny: ping " + firstAddress + " ok", 2, RULES);
    }

    /** Alice's group admits ICMP from its own members. */
    private static void pingRule() {
        alice.request().contentType(ContentType.JSON)
                .body(Map.of("security_group_rule", Map.of("security_group_id", group, "direction", "ingress",
                        "ethertype", "IPv4", "protocol", "icmp", "remote_group_id", group)))
                .post("/network/v2.0/security-group-rules").then().statusCode(201);
    }

    private static String ruleAdmittingPings() {
        List<String> ids = alice.request().queryParam("security_group_id", group).queryParam("protocol", "icmp")
                .get("/network/v2.0/security-group-rules").then().statusCode(200)
                .extract().path("security_group_rules.id");
        assertEquals(1, ids.size(), "the group's ICMP rules: " + ids);
        return ids.get(0);
    }

    private static String port(Compute owner, String network, String name, List<String> groups) {
        Map<String, Object> port = new HashMap<>(Map.of("network_id", network, "name", name));
        if (groups != null) {
            port.put("security_groups", groups);
        }
        String id = owner.request().contentType(ContentType.JSON).body(Map.of("port", port))
                .post("/network/v2.0/ports").then().statusCode(201).extract().path("port.id");
        (owner == bob ? bobPorts : alicePorts).add(id);
        return id;
    }

    private static String address(Compute owner, String port) {
        return owner.request().get("/network/v2.0/ports/" + port).then().statusCode(200)
                .extract().path("port.fixed_ips[0].ip_address");
    }

    /**
     * A kumo-tiny guest on the port, on the QEMU host, pinging {@code target}; once it is ACTIVE, since the host spawns
     * one at a time and a build queued behind others could outlast the test system's short build deadline.
     */
    private static String boot(String name, String port, String target) {
        Map<String, Object> server = Map.of("name", name, "flavorRef", "42",
                "imageRef", Images.bootable(admin.token()), "availability_zone", "nova:" + qemuHost,
                "networks", List.of(Map.of("port", port)), "metadata", Map.of("suite", "e2e", "kumo_ping", target));
        String id = admin.request().contentType(ContentType.JSON)
                .header("OpenStack-API-Version", "compute 2.37").body(Map.of("server", server))
                .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
        servers.add(id);
        assertEquals("ACTIVE", admin.awaitSettled(id, BOOT), () -> admin.show(id).asString());
        return id;
    }

    private static String networkNamed(Compute user, String name) {
        List<String> ids = user.request().queryParam("name", name).queryParam("project_id", user.projectId())
                .get("/network/v2.0/networks").then().statusCode(200).extract().path("networks.id");
        assertEquals(1, ids.size(), user.projectId() + "'s networks named " + name + ": " + ids);
        return ids.get(0);
    }

    private static String console(String server) {
        String output = admin.request().contentType(ContentType.JSON)
                .body(Map.of("os-getConsoleOutput", Map.of())).post("/compute/v2.1/servers/" + server + "/action")
                .then().statusCode(200).extract().path("output");
        return output == null ? "" : output;
    }

    private static List<String> tinyLines(String server) {
        return console(server).lines().filter(line -> line.startsWith("kumo-tiny")).toList();
    }

    /** Waits until {@code count} console lines starting with {@code prefix} follow its first {@code from} characters. */
    private static void awaitLines(String server, int from, String prefix, int count, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            String console = console(server);
            String after = console.length() > from ? console.substring(from) : "";
            if (after.lines().filter(line -> line.startsWith(prefix)).count() >= count) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                fail(count + " x '" + prefix + "' not on the console of " + server + " within " + within + ":\n"
                        + tinyLines(server));
            }
            sleep(1000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
