package dev.kumo.agent.networking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.host.UpdateRouter.ExternalGateway;
import dev.kumo.contracts.host.UpdateRouter.FloatingIpNat;
import dev.kumo.contracts.host.UpdateRouter.RouterInterface;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostRouterTest {

    private static final String ROUTER = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String PUBLIC = "c3c3c3c3-0000-4000-8000-000000000003";
    private static final String PRIVATE = "5e9c1d2a-7b3f-4c8e-9a1d-2b3c4d5e6f70";
    private static final ExternalGateway GATEWAY = new ExternalGateway(PUBLIC, null, "198.51.100.2",
            "198.51.100.0/24", "198.51.100.1");
    private static final RouterInterface PRIVATE_SUBNET = new RouterInterface("0c6f9a2e-1b2c-4d3e-8f4a-5b6c7d8e9f00",
            PRIVATE, null, "subnet-1", "10.0.0.1", "10.0.0.0/24");
    private static final FloatingIpNat WEB = new FloatingIpNat("fip-1", "198.51.100.7", "port-web", "10.0.0.11");

    @Test
    void theRouterIsANamespaceWithALegIntoEachNetworksBridge() {
        HostRouter router = router(GATEWAY, List.of(PRIVATE_SUBNET), List.of(WEB));

        assertEquals("kumo-router-" + ROUTER, router.namespace());
        assertEquals(List.of(
                new HostRouter.Leg("qr-0c6f9a2e-1b", "kqr0c6f9a2e-1b", Segment.of(null, PRIVATE),
                        List.of("10.0.0.1/24")),
                new HostRouter.Leg("qg-7a1b2c3d-4e", "kqg7a1b2c3d-4e", Segment.of(null, PUBLIC),
                        List.of("198.51.100.2/24", "198.51.100.7/32"))), router.legs());
        assertEquals(Set.of(new Segment("5e9c1d2a7b3"), new Segment("c3c3c3c3000")), router.segments());
        assertEquals(Optional.of("198.51.100.1"), router.defaultRoute());
        assertEquals(Optional.of("kqr0c6f9a2e-1b"), HostRouter.hostEndOf("qr-0c6f9a2e-1b"));
        assertEquals(Optional.empty(), HostRouter.hostEndOf("lo"));
        router.legs().forEach(leg -> assertTrue(leg.hostEnd().length() <= 15 && leg.inside().length() <= 15));
    }

    @Test
    void theNatTakesFloatingIpsInAndOutAndTheRestOfTheSubnetOutAsTheRouter() {
        String table = RouterNat.table(router(GATEWAY, List.of(PRIVATE_SUBNET), List.of(WEB)));

        assertTrue(table.contains("ip daddr 198.51.100.7 dnat to 10.0.0.11"), table);
        assertTrue(table.contains("oifname \"qg-7a1b2c3d-4e\" ip saddr 10.0.0.11 snat to 198.51.100.7"), table);
        assertTrue(table.contains("oifname \"qg-7a1b2c3d-4e\" ip saddr { 10.0.0.0/24 } snat to 198.51.100.2"), table);
        assertTrue(table.indexOf("snat to 198.51.100.7") < table.indexOf("snat to 198.51.100.2"),
                "a floating IP's port goes out as its floating IP, before the rest");
        assertTrue(table.contains("ct status dnat ct original ip daddr != { 198.51.100.7 } drop"), table);
    }

    @Test
    void aRouterWithoutGatewayOnlyRoutesBetweenItsInterfaces() {
        HostRouter router = router(null, List.of(PRIVATE_SUBNET), List.of(WEB));

        assertEquals(1, router.legs().size());
        assertEquals(List.of(), router.nats(), "no floating IP without an external network");
        assertEquals(Optional.empty(), router.defaultRoute());
        assertFalse(RouterNat.table(router).contains("nat"));
    }

    @Test
    void anIpv6InterfaceIsLeftOut() {
        RouterInterface v6 = new RouterInterface("port-v6", PRIVATE, null, "subnet-6", "fd00::1", "fd00::/64");

        assertEquals(1, router(GATEWAY, List.of(PRIVATE_SUBNET, v6), List.of()).interfaceLegs().size());
    }

    @Test
    void nothingFromTheMessageReachesTheHostUnchecked() {
        assertThrows(IllegalArgumentException.class, () -> new HostRouter(new UpdateRouter("h", "r; rm -rf /", null,
                null, List.of(), List.of(), 1, false)));
        assertThrows(IllegalArgumentException.class, () -> router(new ExternalGateway(PUBLIC, null, "203.0.113.2",
                "198.51.100.0/24", null), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> router(GATEWAY, List.of(new RouterInterface("p", PRIVATE,
                null, "s", "10.0.1.1", "10.0.0.0/24")), List.of()));
        assertThrows(IllegalArgumentException.class, () -> router(GATEWAY, List.of(new RouterInterface("p", PRIVATE,
                "bad segment!", "s", "10.0.0.1", "10.0.0.0/24")), List.of()));
        assertThrows(IllegalArgumentException.class, () -> router(GATEWAY, List.of(), List.of(new FloatingIpNat("f",
                "198.51.100.7 drop", "p", "10.0.0.11"))));
        assertThrows(IllegalArgumentException.class, () -> router(GATEWAY, List.of(), List.of(new FloatingIpNat("f",
                "2001:db8::7", "p", "10.0.0.11"))));
    }

    @Test
    void aRemovalNeedsNothingButTheRoutersId() {
        HostRouter removal = new HostRouter(new UpdateRouter("h", ROUTER, null, null, null, null, 9, true));

        assertTrue(removal.removed());
        assertEquals("kumo-router-" + ROUTER, removal.namespace());
    }

    private static HostRouter router(ExternalGateway gateway, List<RouterInterface> interfaces,
            List<FloatingIpNat> nats) {
        return new HostRouter(new UpdateRouter("host-1", ROUTER, "acme", gateway, interfaces, nats, 1, false));
    }
}
