package dev.kumo.agent.networking;

import static dev.kumo.agent.networking.Ports.EVERYTHING_OUT;
import static dev.kumo.agent.networking.Ports.PING_FROM_SUBNET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.contracts.instance.GuestNic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host side of tenant networks on this machine's real kernel, iproute2, nftables and dnsmasq, without guests:
 * what a plug makes, that a redelivery or an agent restart (a new backend on the same directory) neither loses nor
 * duplicates any of it, and that the last port takes its segment with it. Each run uses a segment name of its own.
 * Needs root, ip, nft and dnsmasq; skipped without them.
 */
class LinuxNetworksTest {

    @TempDir
    Path dir;

    private final String network = UUID.randomUUID().toString();
    private final Segment segment = Segment.of(null, network);
    private final HostCommands commands = new HostCommands();
    private final UUID web = UUID.randomUUID();
    private final UUID db = UUID.randomUUID();
    private final GuestNic webNic = Ports.nic(UUID.randomUUID().toString(), network, "fa:16:3e:7e:00:01", "10.0.0.11",
            PING_FROM_SUBNET, EVERYTHING_OUT);
    private final GuestNic dbNic = Ports.nic(UUID.randomUUID().toString(), network, "fa:16:3e:7e:00:02", "10.0.0.12",
            EVERYTHING_OUT);
    private LinuxNetworks networks;

    @BeforeEach
    void hostHasTheTools() {
        HostTools.assumeRootWith(List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/sbin/dnsmasq"));
        networks = new LinuxNetworks(dir);
    }

    @AfterEach
    void takeEverythingAway() {
        if (networks != null) {
            networks.reconcile(Set.of());
        }
    }

    @Test
    void aPlugMakesTheSegmentItsDhcpServerAndThePortsFilter() throws Exception {
        networks.plug(web, List.of(webNic));

        assertTrue(link(segment.bridge()) && link(segment.veth()), "bridge and veth");
        assertTrue(Files.exists(Path.of("/run/netns", segment.namespace())));
        assertTrue(commands.run("ip", "-n", segment.namespace(), "-o", "-4", "addr", "show", "dev", "dhcp")
                .contains("10.0.0.254/24"), "the DHCP server's address is in the namespace only");
        assertFalse(commands.run("ip", "-o", "-4", "addr", "show").contains("10.0.0."), "none on the host");
        assertEquals(1, dnsmasqProcesses());
        assertEquals("fa:16:3e:7e:00:01,10.0.0.11,86400s\n", Files.readString(hostsFile()));
        assertTrue(commands.run("nft", "list", "chain", "inet", "kumo", "ingress-" + tap(webNic)).contains("icmp type"));
        assertTrue(commands.run("nft", "list", "map", "inet", "kumo", "zones").contains(segment.bridge()));
        assertEquals(List.of(new LinuxNetworksTestInterface(segment.bridge(), tap(webNic))),
                networks.interfaces(web).stream()
                        .map(nic -> new LinuxNetworksTestInterface(nic.bridge(), nic.targetDevice())).toList());
    }

    @Test
    void aRedeliveredPlugAndARestartDuplicateNothingAndLoseNothing() throws Exception {
        networks.plug(web, List.of(webNic));
        networks.plug(db, List.of(dbNic));
        long dnsmasq = dnsmasqPid();
        String filter = commands.run("nft", "list", "table", "inet", "kumo");

        networks.plug(web, List.of(webNic)); // redelivered
        LinuxNetworks restarted = new LinuxNetworks(dir);
        restarted.reconcile(Set.of(web, db));
        networks = restarted;

        assertEquals(dnsmasq, dnsmasqPid(), "the running DHCP server is kept");
        assertEquals(1, dnsmasqProcesses());
        assertEquals(filter, commands.run("nft", "list", "table", "inet", "kumo"));
        assertEquals(2, Files.readString(hostsFile()).lines().count());
    }

    @Test
    void aRestartTakesAwayThePortsOfInstancesWithoutDomainAndChangedRulesSurviveIt() throws Exception {
        networks.plug(web, List.of(webNic));
        networks.plug(db, List.of(dbNic));
        networks.updateRules(db, dbNic.portId(), List.of(PING_FROM_SUBNET));

        LinuxNetworks restarted = new LinuxNetworks(dir);
        restarted.reconcile(Set.of(db)); // web's domain is gone
        networks = restarted;

        assertEquals("fa:16:3e:7e:00:02,10.0.0.12,86400s\n", Files.readString(hostsFile()));
        assertFalse(commands.attempt("nft", "list", "chain", "inet", "kumo", "ingress-" + tap(webNic)).ok());
        String dbIngress = commands.run("nft", "list", "chain", "inet", "kumo", "ingress-" + tap(dbNic));
        assertTrue(dbIngress.contains("icmp type echo-request accept"), dbIngress);
        assertTrue(networks.interfaces(web).isEmpty());
    }

    @Test
    void theLastPortGoneTakesTheSegmentWithIt() throws Exception {
        networks.plug(web, List.of(webNic));
        networks.plug(db, List.of(dbNic));

        networks.unplug(web);
        assertTrue(link(segment.bridge()), "db still needs the segment");
        networks.unplug(db);
        networks.unplug(db); // redelivered

        assertFalse(link(segment.bridge()) || link(segment.veth()));
        assertFalse(Files.exists(Path.of("/run/netns", segment.namespace())));
        assertEquals(0, dnsmasqProcesses());
        assertFalse(commands.run("nft", "list", "map", "inet", "kumo", "zones").contains(segment.bridge()));
        assertFalse(commands.attempt("nft", "list", "chain", "bridge", "kumo", "spoof-" + tap(dbNic)).ok());
    }

    @Test
    void guestsGetTheirAddressByDhcpAndTheirRulesDecideWhatReachesThem() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/busybox")) || Files.isExecutable(Path.of("/bin/busybox")),
                "needs busybox");
        networks.plug(web, List.of(webNic));
        networks.plug(db, List.of(dbNic));
        try (NamespaceGuest webGuest = new NamespaceGuest(new HostPort(web, webNic));
                NamespaceGuest dbGuest = new NamespaceGuest(new HostPort(db, dbNic))) {

            assertEquals("10.0.0.11/24", webGuest.dhcp());
            assertEquals("10.0.0.12/24", dbGuest.dhcp());
            assertTrue(dbGuest.pings("10.0.0.11"), "web takes pings from its subnet, and db's answer comes back");
            assertFalse(webGuest.pings("10.0.0.12"), "db has no ingress rule for ICMP");

            networks.updateRules(db, dbNic.portId(), List.of(PING_FROM_SUBNET, EVERYTHING_OUT));
            assertTrue(webGuest.pings("10.0.0.12"), "now it has");
        }
    }

    @Test
    void aGuestSendsNothingFromAnAddressOrMacItsPortDoesNotHave() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/busybox")) || Files.isExecutable(Path.of("/bin/busybox")),
                "needs busybox");
        networks.plug(web, List.of(webNic));
        networks.plug(db, List.of(dbNic));
        try (NamespaceGuest webGuest = new NamespaceGuest(new HostPort(web, webNic));
                NamespaceGuest dbGuest = new NamespaceGuest(new HostPort(db, dbNic))) {
            webGuest.dhcp();
            dbGuest.dhcp();
            assertTrue(dbGuest.pings("10.0.0.11"));

            assertFalse(dbGuest.pingsFrom("10.0.0.98", "10.0.0.11"), "a spoofed source address");
            dbGuest.changeMac("fa:16:3e:7e:00:99");
            assertFalse(dbGuest.pings("10.0.0.11"), "a spoofed MAC");
        }
    }

    @Test
    void theAntiSpoofingChainOfAnOlderAgentIsMovedBeforeBrNetfilter() throws Exception {
        networks.plug(web, List.of(webNic));
        HostCommands.Result older = commands.nft(String.join("\n", "delete chain bridge kumo forward",
                "add chain bridge kumo forward { type filter hook forward priority 0 ; policy accept ; }",
                "add rule bridge kumo forward iifname vmap @ports") + "\n");
        assertTrue(older.ok(), older.output());

        networks.plug(db, List.of(dbNic));

        String chain = commands.run("nft", "list", "chain", "bridge", "kumo", "forward");
        assertTrue(chain.contains("hook forward priority filter;") && chain.contains("iifname vmap @ports"), chain);
        assertTrue(commands.run("nft", "list", "map", "bridge", "kumo", "ports").contains(tap(webNic)),
                "the ports plugged before keep their filter");
    }

    private record LinuxNetworksTestInterface(String bridge, String tap) {
    }

    private Path hostsFile() {
        return dir.resolve("segments").resolve(segment.name()).resolve("hosts");
    }

    private long dnsmasqPid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("segments").resolve(segment.name()).resolve("dnsmasq.pid"))
                .trim());
    }

    /** The dnsmasq processes running this test's configuration. */
    private long dnsmasqProcesses() throws IOException {
        String conf = dir.resolve("segments").resolve(segment.name()).resolve("dnsmasq.conf").toString();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")));
                    return cmdline.startsWith("dnsmasq") && cmdline.contains(conf);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private static boolean link(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    private static String tap(GuestNic nic) {
        return "tap" + nic.portId().substring(0, 11);
    }
}
