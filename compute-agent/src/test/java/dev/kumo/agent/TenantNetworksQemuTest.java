package dev.kumo.agent;

import static dev.kumo.agent.KafkaRecords.ofType;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.host.UpdatePortRules;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.PortRule.Direction;
import dev.kumo.contracts.instance.PortRule.Ethertype;
import dev.kumo.testsupport.KafkaBroker;
import dev.kumo.testsupport.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant networks with real guests: one QEMU host (TCG here) driven through Kafka as the scheduler would, three
 * kumo-tiny guests. Two are on one tenant's network, the third on another tenant's network with the same CIDR and
 * even the same address as the first. Each guest gets its port's address by DHCP and pings what its metadata
 * names, reporting every result on its serial console. A router then gives the first guest a floating IP on an
 * external network, which a namespace the test puts on that network's bridge pings. Needs root, libvirtd on
 * qemu:///system, dnsmasq and nft; skipped without them unless KUMO_REQUIRE_QEMU=true.
 */
@QuarkusTest
@TestProfile(TenantNetworksQemuTest.OneQemuHost.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class TenantNetworksQemuTest {

    static final String HOST = "tenant-net-qemu";
    static final Path STATE = Path.of("target", "tenant-networks-test").toAbsolutePath();
    static final Duration BOOT = Duration.ofSeconds(240);

    static final UUID NETWORK_ACME = UUID.fromString("a1a1a1a1-0000-4000-8000-000000000001");
    static final UUID NETWORK_GLOBEX = UUID.fromString("b2b2b2b2-0000-4000-8000-000000000002");
    static final UUID NETWORK_PUBLIC = UUID.fromString("c3c3c3c3-0000-4000-8000-000000000003");
    static final String ROUTER_ACME = "d4d4d4d4-0000-4000-8000-000000000004";
    /** A machine on the external network: a namespace on its bridge, made and removed by the test. */
    static final String OUTSIDE = "kumo-test-outside";

    public static class OneQemuHost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "kumo.agent.hypervisor", "qemu",
                    "kumo.agent.host-name", HOST,
                    "kumo.agent.state-dir", STATE.toString(),
                    "kumo.agent.qemu.cmdline", "console=ttyS0",
                    "kumo.agent.heartbeat-interval", "5s"));
            try {
                Path image = tinyImage();
                config.put("kumo.agent.qemu.kernel", image.resolve("vmlinuz").toString());
                config.put("kumo.agent.qemu.initrd", image.resolve("initrd").toString());
            } catch (IllegalStateException e) {
                // the agent starts without a kernel; the test then skips (or fails under KUMO_REQUIRE_QEMU)
            }
            return config;
        }
    }

    static KafkaRecords kafka;
    static final List<UUID> spawned = new ArrayList<>();

    @BeforeAll
    static void hostCanRunGuestsOnTenantNetworks() throws Exception {
        String missing = missingPrerequisite();
        if (missing != null && "true".equalsIgnoreCase(System.getProperty("KUMO_REQUIRE_QEMU",
                System.getenv("KUMO_REQUIRE_QEMU")))) {
            fail("KUMO_REQUIRE_QEMU=true but " + missing);
        }
        assumeTrue(missing == null, () -> "skipped: " + missing);
        KafkaTopics.create(KafkaBroker.bootstrapServers());
        kafka = new KafkaRecords(KafkaBroker.bootstrapServers(), Topics.INSTANCE_EVENTS);
    }

    @BeforeEach
    void agentIsReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertTrue(Instant.now().isBefore(deadline), "the agent did not become ready within 60 s");
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void destroyWhatIsLeft() throws Exception {
        run("ip", "netns", "delete", OUTSIDE);
        if (kafka == null) {
            return;
        }
        if (Files.exists(Path.of("/run/netns", "kumo-router-" + ROUTER_ACME))) {
            kafka.send(routerRemoved(), UUID.randomUUID(), "req-cleanup");
        }
        for (UUID instance : spawned) {
            kafka.send(new DestroyInstance(HOST, instance), UUID.randomUUID(), "req-cleanup");
        }
        for (UUID instance : spawned) {
            kafka.await("instance.destroyed", ofType("instance.destroyed", instance.toString()));
        }
        kafka.close();
    }

    @Test
    void guestsGetTheirAddressesByDhcpReachTheirNetworkOnlyAndFollowTheirSecurityGroups() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        GuestNic firstNic = nic("fa:16:3e:0a:00:0b", NETWORK_ACME, "10.0.0.11", pingAndEverythingOut());
        GuestNic secondNic = nic("fa:16:3e:0a:00:0c", NETWORK_ACME, "10.0.0.12", pingAndEverythingOut());
        GuestNic strangerNic = nic("fa:16:3e:0b:00:0b", NETWORK_GLOBEX, "10.0.0.11", pingAndEverythingOut());

        spawn(first, "acme-1", firstNic, "10.0.0.12");
        spawn(second, "acme-2", secondNic, "10.0.0.11");
        spawn(stranger, "globex-1", strangerNic, "10.0.0.12");

        awaitConsole(first, "kumo-tiny: eth0 address 10.0.0.11/24");
        awaitConsole(second, "kumo-tiny: eth0 address 10.0.0.12/24");
        awaitConsole(stranger, "kumo-tiny: eth0 address 10.0.0.11/24"); // the same address, on its own segment
        awaitConsole(first, "kumo-tiny: ping 10.0.0.12 ok");
        awaitConsole(second, "kumo-tiny: ping 10.0.0.11 ok");
        awaitLines(stranger, "kumo-tiny: ping 10.0.0.12 ", 5, 0);
        assertFalse(console(stranger).contains("kumo-tiny: ping 10.0.0.12 ok"),
                "a guest of another tenant reached acme's network:\n" + console(stranger));

        // acme-2 stops taking pings; what it starts itself still gets its answers back (stateful).
        long before = console(first).length();
        kafka.send(new UpdatePortRules(HOST, second, secondNic.portId(),
                List.of(PortRule.any(Direction.EGRESS, Ethertype.IPv4))), UUID.randomUUID(), "req-rules-1");
        awaitLinesAfter(first, before, "kumo-tiny: ping 10.0.0.12 fail", 3);
        long secondBefore = console(second).length();
        awaitLinesAfter(second, secondBefore, "kumo-tiny: ping 10.0.0.11 ok", 2);

        // and takes them again once the rule is back
        long again = console(first).length();
        kafka.send(new UpdatePortRules(HOST, second, secondNic.portId(), pingAndEverythingOut()), UUID.randomUUID(),
                "req-rules-2");
        awaitLinesAfter(first, again, "kumo-tiny: ping 10.0.0.12 ok", 2);

        // acme's router gives the first guest the floating IP 198.51.100.7, which a machine outside pings once the
        // guest's security group takes pings from anywhere.
        kafka.send(new UpdatePortRules(HOST, first, firstNic.portId(), List.of(
                new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", 8, null, null),
                PortRule.any(Direction.EGRESS, Ethertype.IPv4))), UUID.randomUUID(), "req-rules-3");
        kafka.send(new UpdateRouter(HOST, ROUTER_ACME, "project-acme", new UpdateRouter.ExternalGateway(
                NETWORK_PUBLIC.toString(), null, "198.51.100.2", "198.51.100.0/24", "198.51.100.1"),
                List.of(new UpdateRouter.RouterInterface("e5e5e5e5-0000-4000-8000-000000000005",
                        NETWORK_ACME.toString(), null, "subnet-" + NETWORK_ACME, "10.0.0.1", "10.0.0.0/24")),
                List.of(new UpdateRouter.FloatingIpNat("fip-1", "198.51.100.7", firstNic.portId(), "10.0.0.11")), 1,
                false), UUID.randomUUID(), "req-router-1");
        awaitPath("/sys/class/net/kqgd4d4d4d4-00");
        run("ip", "netns", "add", OUTSIDE);
        run("ip", "link", "add", "kxtoutside", "type", "veth", "peer", "name", "eth0", "netns", OUTSIDE);
        run("ip", "link", "set", "kxtoutside", "master", "kbrc3c3c3c3000", "up");
        assertTrue(Files.exists(Path.of("/sys/class/net/kxtoutside/master")), "the outside machine is not made");
        run("ip", "-n", OUTSIDE, "addr", "add", "198.51.100.250/24", "dev", "eth0");
        run("ip", "-n", OUTSIDE, "link", "set", "eth0", "up");
        assertTrue(awaitPing(OUTSIDE, "198.51.100.7"), "the outside does not reach acme-1 by its floating IP");
        kafka.send(routerRemoved(), UUID.randomUUID(), "req-router-2");
        awaitGone("/sys/class/net/kbrc3c3c3c3000"); // the external network's bridge: nothing else needs it here
        assertFalse(Files.exists(Path.of("/run/netns/kumo-router-" + ROUTER_ACME)));
        assertFalse(Files.exists(Path.of("/sys/class/net/kqgd4d4d4d4-00"))
                || Files.exists(Path.of("/sys/class/net/kqre5e5e5e5-00")), "the router's legs are left");
        run("ip", "netns", "delete", OUTSIDE); // with its veth pair

        List<String> hostSide = List.of("/sys/class/net/kbra1a1a1a1000", "/sys/class/net/kvha1a1a1a1000",
                "/sys/class/net/kbrb2b2b2b2000", "/sys/class/net/" + tap(firstNic), "/run/netns/kumo-dhcp-a1a1a1a1000",
                "/run/netns/kumo-dhcp-b2b2b2b2000");
        hostSide.forEach(path -> assertTrue(Files.exists(Path.of(path)), path + " is missing while guests run"));
        assertTrue(run("nft", "list", "chain", "inet", "kumo", "ingress-" + tap(firstNic)).contains("accept"));
        for (UUID instance : List.of(first, second, stranger)) {
            console(instance).lines().filter(line -> line.startsWith("kumo-tiny: eth0")
                    || line.contains("round 3")).forEach(line -> System.out.println(instance + " " + line));
        }

        for (UUID instance : List.of(first, second, stranger)) {
            kafka.send(new DestroyInstance(HOST, instance), UUID.randomUUID(), "req-destroy");
            kafka.await("instance.destroyed", ofType("instance.destroyed", instance.toString()));
            spawned.remove(instance);
        }
        hostSide.forEach(path -> assertFalse(Files.exists(Path.of(path)), path + " is left on the host"));
        assertFalse(run("nft", "list", "chain", "inet", "kumo", "ingress-" + tap(firstNic)).contains("ingress"),
                "the first port's filter is left");
    }

    private static UpdateRouter routerRemoved() {
        return new UpdateRouter(HOST, ROUTER_ACME, "project-acme", null, List.of(), List.of(), 2, true);
    }

    private static boolean awaitPing(String namespace, String target) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!run("ip", "netns", "exec", namespace, "busybox", "ping", "-c", "1", "-W", "1", target).isEmpty()) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static void awaitPath(String path) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(Path.of(path))) {
            assertTrue(Instant.now().isBefore(deadline), path + " did not appear within 60 s");
            Thread.sleep(200);
        }
    }

    private static void awaitGone(String path) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Files.exists(Path.of(path))) {
            assertTrue(Instant.now().isBefore(deadline), path + " is still there after 60 s");
            Thread.sleep(200);
        }
    }

    private static List<PortRule> pingAndEverythingOut() {
        return List.of(new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", 8, null, "10.0.0.0/24"),
                PortRule.any(Direction.EGRESS, Ethertype.IPv4));
    }

    private static GuestNic nic(String mac, UUID network, String address, List<PortRule> rules) {
        return new GuestNic(UUID.randomUUID().toString(), network.toString(), null, mac, 1500,
                List.of(new GuestNic.FixedIp("subnet-" + network, address, "10.0.0.0/24", "10.0.0.1", List.of(), true,
                        null)),
                rules);
    }

    private void spawn(UUID instance, String name, GuestNic nic, String pings) throws Exception {
        GuestConfig guest = new GuestConfig("project-" + name, name, "nova", 0, null, null, null,
                Map.of("kumo_ping", pings), List.of(nic));
        spawned.add(instance);
        kafka.send(new SpawnInstance(HOST, instance, name, new Resources(1, 128, 0), null, guest), UUID.randomUUID(),
                "req-" + name);
        kafka.await("instance.active", ofType("instance.active", instance.toString()));
    }

    private static String tap(GuestNic nic) {
        return "tap" + nic.portId().substring(0, 11);
    }

    private static String console(UUID instance) throws IOException {
        Path log = STATE.resolve("instances").resolve(instance.toString()).resolve("console.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private static void awaitConsole(UUID instance, String text) throws Exception {
        awaitLinesAfter(instance, 0, text, 1);
    }

    private static void awaitLines(UUID instance, String prefix, int count, long from) throws Exception {
        awaitLinesAfter(instance, from, prefix, count);
    }

    /** Waits until {@code count} lines starting with {@code prefix} follow the first {@code from} characters. */
    private static void awaitLinesAfter(UUID instance, long from, String prefix, int count) throws Exception {
        Instant deadline = Instant.now().plus(BOOT);
        while (true) {
            String log = console(instance);
            String after = log.length() > from ? log.substring((int) from) : "";
            long seen = after.lines().filter(line -> line.startsWith(prefix)).count();
            if (seen >= count) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                fail(count + " x '" + prefix + "' not on the console of " + instance + " within " + BOOT + ":\n"
                        + log.lines().filter(line -> line.startsWith("kumo-tiny")).toList());
            }
            Thread.sleep(500);
        }
    }

    private static String missingPrerequisite() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "tenant networks need root";
        }
        Path image = Path.of("target", "tiny-image").toAbsolutePath();
        if (!Files.isReadable(image.resolve("vmlinuz")) || !Files.isReadable(image.resolve("initrd"))) {
            return "kumo-tiny could not be built into " + image + " (deploy/images/build-tiny-image.sh)";
        }
        for (String tool : List.of("/usr/sbin/dnsmasq", "/usr/sbin/nft", "/usr/bin/virsh")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " is not installed";
            }
        }
        if (run("virsh", "-c", "qemu:///system", "version").isEmpty()) {
            return "libvirtd does not answer on qemu:///system";
        }
        return null;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** kumo-tiny built from this checkout's deploy/images (its init pings what the metadata names). */
    static Path tinyImage() {
        Path built = Path.of("target", "tiny-image").toAbsolutePath();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("deploy/images/build-tiny-image.sh");
            if (Files.isRegularFile(script)) {
                try {
                    Process process = new ProcessBuilder("bash", script.toString(), built.toString())
                            .redirectErrorStream(true).start();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                        throw new IllegalStateException("cannot build kumo-tiny:\n" + output);
                    }
                    return built;
                } catch (IOException e) {
                    throw new IllegalStateException("cannot build kumo-tiny", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("no deploy/images/build-tiny-image.sh above " + Path.of("").toAbsolutePath());
    }
}
