package dev.kumo.agent.networking;

import static dev.kumo.agent.networking.Ports.EVERYTHING_OUT;
import static dev.kumo.agent.networking.Ports.PING_FROM_SUBNET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.host.UpdateRouter.ExternalGateway;
import dev.kumo.contracts.host.UpdateRouter.FloatingIpNat;
import dev.kumo.contracts.host.UpdateRouter.RouterInterface;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.PortRule.Direction;
import dev.kumo.contracts.instance.PortRule.Ethertype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routers and floating IPs on this machine's real kernel: namespaces stand in for the guests (on tenant networks)
 * and for a machine on the external network (198.51.100.250, on a bridge the test's router makes), and the traffic
 * stays between them. Each run uses networks and routers of its own. Needs root, ip, nft, dnsmasq and busybox;
 * skipped without them.
 */
class LinuxRoutersTest {

    static final PortRule PING_FROM_ANYWHERE = new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", 8, null,
            null);

    @TempDir
    Path dir;

    private final HostCommands commands = new HostCommands();
    private final String external = UUID.randomUUID().toString();
    private final Segment externalSegment = Segment.of(null, external);
    private final String acmeNetwork = UUID.randomUUID().toString();
    private final String globexNetwork = UUID.randomUUID().toString();
    private final String acmeRouter = UUID.randomUUID().toString();
    private final String globexRouter = UUID.randomUUID().toString();
    private final String acmeInterface = UUID.randomUUID().toString();
    private final String globexInterface = UUID.randomUUID().toString();
    private final UUID web = UUID.randomUUID();
    private final UUID rival = UUID.randomUUID();
    private final GuestNic webNic = Ports.nic(UUID.randomUUID().toString(), acmeNetwork, "fa:16:3e:7f:00:01",
            "10.0.0.11", PING_FROM_ANYWHERE, EVERYTHING_OUT);
    private final GuestNic rivalNic = Ports.nic(UUID.randomUUID().toString(), globexNetwork, "fa:16:3e:7f:00:02",
            "10.0.0.11", PING_FROM_ANYWHERE, EVERYTHING_OUT);
    private final List<String> routers = new ArrayList<>();
    private LinuxNetworks networks;

    @BeforeEach
    void hostHasTheTools() {
        HostTools.assumeRootWith(List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/sbin/dnsmasq", "/usr/bin/busybox"));
        networks = new LinuxNetworks(dir);
    }

    @AfterEach
    void takeEverythingAway() {
        if (networks != null) {
            try {
                routers.forEach(router -> networks.updateRouter(removal(router, Long.MAX_VALUE)));
            } finally {
                networks.reconcile(Set.of());
            }
        }
    }

    @Test
    void aGuestGoesOutAsItsRouterAndIsReachedByItsFloatingIpUntilItIsDisassociated() throws Exception {
        networks.plug(web, List.of(webNic));
        networks.updateRouter(acme(1));
        try (NamespaceGuest guest = new NamespaceGuest(new HostPort(web, webNic));
                OutsideHost outside = new OutsideHost(externalSegment, "198.51.100.250/24")) {
            assertEquals("10.0.0.11/24", guest.dhcp());

            assertTrue(guest.pings("198.51.100.250"), "out through the router");
            assertEquals(Set.of("198.51.100.2"), outside.pingedBy(), "as the router's address");
            assertFalse(outside.pings("198.51.100.7"), "no floating IP yet");

            networks.updateRouter(acme(2, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));
            assertTrue(outside.pings("198.51.100.7"), "in by the floating IP");
            assertEquals(Set.of("198.51.100.250"), guest.pingedBy(), "the sender's address is kept");
            assertTrue(guest.pings("198.51.100.250"));
            assertEquals(Set.of("198.51.100.2", "198.51.100.7"), outside.pingedBy(),
                    "a port with a floating IP goes out as it");

            networks.updateRouter(acme(3));
            assertFalse(outside.pings("198.51.100.7"), "disassociated");
        }
    }

    @Test
    void theGuestsSecurityGroupsDecideWhatReachesItByItsFloatingIp() throws Exception {
        GuestNic subnetOnly = Ports.nic(webNic.portId(), acmeNetwork, webNic.macAddress(), "10.0.0.11",
                PING_FROM_SUBNET, EVERYTHING_OUT);
        networks.plug(web, List.of(subnetOnly));
        networks.updateRouter(acme(1, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));
        try (NamespaceGuest guest = new NamespaceGuest(new HostPort(web, subnetOnly));
                OutsideHost outside = new OutsideHost(externalSegment, "198.51.100.250/24")) {
            guest.dhcp();

            assertFalse(outside.pings("198.51.100.7"), "ICMP is open to 10.0.0.0/24 only");
            networks.updateRules(web, webNic.portId(), List.of(PING_FROM_ANYWHERE, EVERYTHING_OUT));
            assertTrue(outside.pings("198.51.100.7"), "now to anyone");
        }
    }

    @Test
    void twoTenantsWithTheSameCidrAndAddressAreEachReachedByTheirOwnFloatingIp() throws Exception {
        networks.plug(web, List.of(webNic));
        networks.plug(rival, List.of(rivalNic));
        networks.updateRouter(acme(1, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));
        networks.updateRouter(router(globexRouter, globexNetwork, "198.51.100.3", 1,
                new FloatingIpNat("fip-2", "198.51.100.8", rivalNic.portId(), "10.0.0.11")));
        try (NamespaceGuest acmeGuest = new NamespaceGuest(new HostPort(web, webNic));
                NamespaceGuest globexGuest = new NamespaceGuest(new HostPort(rival, rivalNic));
                OutsideHost outside = new OutsideHost(externalSegment, "198.51.100.250/24")) {
            assertEquals("10.0.0.11/24", acmeGuest.dhcp());
            assertEquals("10.0.0.11/24", globexGuest.dhcp());

            assertTrue(outside.pings("198.51.100.8"));
            assertEquals(Set.of("198.51.100.250"), globexGuest.pingedBy());
            assertEquals(Set.of(), acmeGuest.pingedBy(), "acme's equal address is another machine");
            assertTrue(outside.pings("198.51.100.7"));
            assertEquals(Set.of("198.51.100.250"), acmeGuest.pingedBy());

            assertTrue(acmeGuest.pings("198.51.100.250"));
            assertTrue(globexGuest.pings("198.51.100.250"));
            assertEquals(Set.of("198.51.100.7", "198.51.100.8"), outside.pingedBy());
        }
    }

    @Test
    void aGuestReachesAnotherGuestsFloatingIpThroughTheRouter() throws Exception {
        UUID db = UUID.randomUUID();
        GuestNic dbNic = Ports.nic(UUID.randomUUID().toString(), acmeNetwork, "fa:16:3e:7f:00:03", "10.0.0.12",
                EVERYTHING_OUT);
        networks.plug(web, List.of(webNic));
        networks.plug(db, List.of(dbNic));
        networks.updateRouter(acme(1, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));
        try (NamespaceGuest webGuest = new NamespaceGuest(new HostPort(web, webNic));
                NamespaceGuest dbGuest = new NamespaceGuest(new HostPort(db, dbNic))) {
            webGuest.dhcp();
            dbGuest.dhcp();

            assertTrue(dbGuest.pings("198.51.100.7"), "in and out of the router on the same network");
            assertEquals(Set.of("10.0.0.1"), webGuest.pingedBy(), "as the router, so the answer goes back through it");
        }
    }

    @Test
    void anOlderOrRepeatedRevisionChangesNothing() {
        networks.plug(web, List.of(webNic));
        networks.updateRouter(acme(2, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));
        String realized = routerState(acmeRouter);

        networks.updateRouter(acme(1)); // late
        networks.updateRouter(acme(2, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));

        assertEquals(realized, routerState(acmeRouter));
        assertTrue(realized.contains("198.51.100.7/32") && realized.contains("dnat to 10.0.0.11"), realized);
    }

    @Test
    void aRemovedRouterLeavesNothingBehindAndTheSegmentsItNoLongerNeedsGoWithIt() throws Exception {
        networks.plug(web, List.of(webNic));
        networks.updateRouter(acme(1, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));
        String namespace = "kumo-router-" + acmeRouter;
        assertTrue(Files.exists(Path.of("/run/netns", namespace)));
        assertTrue(link("kqr" + acmeInterface.substring(0, 11)) && link("kqg" + acmeRouter.substring(0, 11)));
        assertTrue(link(externalSegment.bridge()), "the external network's bridge, for the router alone");

        networks.updateRouter(removal(acmeRouter, 2));
        networks.updateRouter(removal(acmeRouter, 2)); // redelivered

        assertFalse(Files.exists(Path.of("/run/netns", namespace)));
        assertFalse(link("kqr" + acmeInterface.substring(0, 11)) || link("kqg" + acmeRouter.substring(0, 11)));
        assertFalse(commands.run("nft", "list", "tables").contains(RouterNat.TABLE));
        assertFalse(Files.exists(dir.resolve("routers").resolve(acmeRouter + ".json")));
        assertFalse(link(externalSegment.bridge()), "no port or router needs the external network here");
        assertTrue(link(Segment.of(null, acmeNetwork).bridge()), "web still needs its network");
    }

    @Test
    void theLastPortOfANetworkGoneLeavesTheBridgeToTheRoutersLegAndTheRouterGoneLeavesItToThePorts()
            throws IOException {
        Segment acme = Segment.of(null, acmeNetwork);
        networks.plug(web, List.of(webNic));
        networks.updateRouter(acme(1));

        networks.unplug(web);
        assertTrue(link(acme.bridge()), "the router's leg is on it");
        assertEquals(acme.bridge(), master("kqr" + acmeInterface.substring(0, 11)));
        assertFalse(Files.exists(Path.of("/run/netns", acme.namespace())), "no DHCP server without ports");

        networks.plug(web, List.of(webNic));
        assertTrue(Files.exists(Path.of("/run/netns", acme.namespace())));
        assertEquals(acme.bridge(), master("kqr" + acmeInterface.substring(0, 11)), "the leg stayed");
        networks.updateRouter(removal(acmeRouter, 2));
        assertTrue(link(acme.bridge()) && Files.exists(Path.of("/run/netns", acme.namespace())), "web needs them");

        networks.unplug(web);
        assertFalse(link(acme.bridge()));
    }

    @Test
    void aRoutersLegTakesTheMtuOfPortsThatJoinItsBridgeLater() throws IOException {
        networks.updateRouter(acme(1)); // before any port of the network: a bare bridge at 1500
        String leg = "kqr" + acmeInterface.substring(0, 11);
        assertEquals("1500", Files.readString(Path.of("/sys/class/net", leg, "mtu")).trim());

        networks.plug(web, List.of(webNic)); // MTU 1450

        assertEquals("1450", Files.readString(Path.of("/sys/class/net", leg, "mtu")).trim());
        assertTrue(commands.run("ip", "-n", "kumo-router-" + acmeRouter, "link", "show", "qr-"
                + acmeInterface.substring(0, 11)).contains("mtu 1450"), "and its end in the router");
    }

    @Test
    void aRestartBringsTheRoutersBackAndFinishesTakingAwayOneThatWasGoing() throws Exception {
        networks.plug(web, List.of(webNic));
        networks.plug(rival, List.of(rivalNic));
        networks.updateRouter(acme(1, new FloatingIpNat("fip-1", "198.51.100.7", webNic.portId(), "10.0.0.11")));
        networks.updateRouter(router(globexRouter, globexNetwork, "198.51.100.3", 1));
        String realized = routerState(acmeRouter);
        commands.run("ip", "netns", "delete", "kumo-router-" + acmeRouter); // as after a reboot
        RouterRecords records = new RouterRecords(dir.resolve("routers"));
        records.save(records.of(globexRouter).orElseThrow().router(), RouterRecords.Progress.REMOVING); // a crash

        LinuxNetworks restarted = new LinuxNetworks(dir);
        restarted.reconcile(Set.of(web, rival));
        networks = restarted;

        assertEquals(realized, routerState(acmeRouter));
        assertFalse(Files.exists(Path.of("/run/netns", "kumo-router-" + globexRouter)));
        assertTrue(records.of(globexRouter).isEmpty());
        try (NamespaceGuest guest = new NamespaceGuest(new HostPort(web, webNic));
                OutsideHost outside = new OutsideHost(externalSegment, "198.51.100.250/24")) {
            guest.dhcp();
            assertTrue(outside.pings("198.51.100.7"));
        }
    }

    private UpdateRouter acme(long revision, FloatingIpNat... nats) {
        return router(acmeRouter, acmeNetwork, "198.51.100.2", revision, nats);
    }

    private UpdateRouter router(String id, String network, String address, long revision, FloatingIpNat... nats) {
        if (!routers.contains(id)) {
            routers.add(id);
        }
        return new UpdateRouter("host-1", id, "project-" + id, new ExternalGateway(external, null, address,
                "198.51.100.0/24", "198.51.100.1"),
                List.of(new RouterInterface(id.equals(acmeRouter) ? acmeInterface : globexInterface, network,
                        null, "subnet-1", "10.0.0.1", "10.0.0.0/24")),
                List.of(nats), revision, false);
    }

    private static UpdateRouter removal(String router, long revision) {
        return new UpdateRouter("host-1", router, null, null, List.of(), List.of(), revision, true);
    }

    /** The router's addresses, routes and NAT table, as the kernel has them. */
    private String routerState(String router) {
        String namespace = "kumo-router-" + router;
        return commands.run("ip", "-n", namespace, "-o", "-4", "addr", "show")
                + commands.run("ip", "-n", namespace, "-4", "route", "show")
                + commands.run("ip", "netns", "exec", namespace, "nft", "list", "ruleset");
    }

    /** The bridge the link is on; empty when none. */
    private static String master(String link) throws IOException {
        Path master = Path.of("/sys/class/net", link, "master");
        return Files.exists(master) ? master.toRealPath().getFileName().toString() : "";
    }

    private static boolean link(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }
}
