package dev.kumo.agent.networking;

import static dev.kumo.agent.networking.Ports.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.instance.GuestNic;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DhcpConfigTest {

    private final Segment segment = new Segment("5e9c1d2a7b3");
    private final Path files = Path.of("/var/lib/kumo/networks/segments/5e9c1d2a7b3");

    @Test
    void eachPortGetsExactlyItsFixedIpByMacFromAStaticRange() {
        DhcpConfig dhcp = DhcpConfig.of(segment, List.of(port("p-1", "fa:16:3e:00:00:01", "10.0.0.11"),
                port("p-2", "fa:16:3e:00:00:02", "10.0.0.12")), files);

        assertEquals("fa:16:3e:00:00:01,10.0.0.11,86400s\nfa:16:3e:00:00:02,10.0.0.12,86400s\n", dhcp.hosts());
        assertTrue(dhcp.conf().contains("dhcp-range=set:subnet0,10.0.0.0,static,255.255.255.0,86400s\n"), dhcp.conf());
        assertTrue(dhcp.conf().contains("interface=dhcp\n"));
        assertTrue(dhcp.conf().contains("port=0\n"), "no DNS server: the tenant's DNS servers are handed out");
        assertTrue(dhcp.conf().contains("dhcp-hostsfile=" + files.resolve("hosts") + "\n"));
        assertTrue(dhcp.serves());
    }

    @Test
    void theSubnetsRouterDnsServersAndMtuAreHandedOut() {
        DhcpConfig dhcp = DhcpConfig.of(segment, List.of(port("p-1", "fa:16:3e:00:00:01", "10.0.0.11")), files);

        assertEquals("tag:subnet0,option:router,10.0.0.1\ntag:subnet0,option:dns-server,192.0.2.53\n"
                + "tag:subnet0,option:mtu,1450\n", dhcp.options());
    }

    @Test
    void theServerTakesTheHighestAddressNoPortHoldsUnlessTheSenderNamedOne() {
        DhcpConfig free = DhcpConfig.of(segment, List.of(port("p-1", "fa:16:3e:00:00:01", "10.0.0.11")), files);
        DhcpConfig taken = DhcpConfig.of(segment, List.of(port("p-1", "fa:16:3e:00:00:01", "10.0.0.254")), files);
        DhcpConfig named = DhcpConfig.of(segment, List.of(new HostPort(UUID.randomUUID(), new GuestNic("p-3", "net",
                null, "fa:16:3e:00:00:03", null, List.of(new GuestNic.FixedIp("s", "10.0.0.11", "10.0.0.0/24",
                        "10.0.0.1", List.of(), true, "10.0.0.2")), List.of()))), files);

        assertEquals(List.of("10.0.0.254/24"), free.serverAddresses());
        assertEquals(List.of("10.0.0.253/24"), taken.serverAddresses());
        assertEquals(List.of("10.0.0.2/24"), named.serverAddresses());
        assertTrue(named.options().contains("tag:subnet0,option:dns-server\n"), "no DNS servers: none handed out");
    }

    @Test
    void subnetsWithoutDhcpAndIpv6SubnetsAreNotServed() {
        HostPort port = new HostPort(UUID.randomUUID(), new GuestNic("p-4", "net", null, "fa:16:3e:00:00:04", null,
                List.of(new GuestNic.FixedIp("s4", "10.1.0.4", "10.1.0.0/24", null, List.of(), false, null),
                        new GuestNic.FixedIp("s6", "2001:db8::4", "2001:db8::/64", null, List.of(), true, null)),
                List.of()));

        DhcpConfig dhcp = DhcpConfig.of(segment, List.of(port), files);

        assertFalse(dhcp.serves());
        assertEquals("", dhcp.hosts());
        assertFalse(dhcp.conf().contains("dhcp-range"));
    }
}
