package dev.kumo.agent.networking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.hypervisor.QemuGuest;
import dev.kumo.contracts.instance.GuestNic;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HostPortTest {

    private static final String NETWORK = "5e9c1d2a-7b3f-4c8e-9a1d-2b3c4d5e6f70";

    @Test
    void theNamesOnTheHostComeFromThePortAndTheNetwork() {
        HostPort port = Ports.port("0c6f9a2e-1b2c-4d3e-8f4a-5b6c7d8e9f00", "FA:16:3E:00:00:0B", "10.0.0.11");

        assertEquals("tap0c6f9a2e-1b", port.tap());
        assertEquals("kbr5e9c1d2a7b3", port.segment().bridge());
        assertEquals("kvh5e9c1d2a7b3", port.segment().veth());
        assertEquals("kumo-dhcp-5e9c1d2a7b3", port.segment().namespace());
        assertEquals(new QemuGuest.Interface("kbr5e9c1d2a7b3", "tap0c6f9a2e-1b", "fa:16:3e:00:00:0b", 1450),
                port.domainInterface());
        assertTrue(port.tap().length() <= 15 && port.segment().bridge().length() <= 15);
    }

    @Test
    void aSegmentTheSenderNamesIsTheBridgesName() {
        HostPort port = new HostPort(UUID.randomUUID(), new GuestNic("p", NETWORK, "vx4242", "fa:16:3e:00:00:01", null,
                List.of(), List.of()));

        assertEquals("kbrvx4242", port.segment().bridge());
        assertEquals(1500, port.mtu());
    }

    @Test
    void nothingFromTheMessageReachesTheHostUnchecked() {
        assertRefused("port id", new GuestNic("../../etc", NETWORK, null, "fa:16:3e:00:00:01", null, List.of(),
                List.of()));
        assertRefused("network id", new GuestNic("p", "net work", null, "fa:16:3e:00:00:01", null, List.of(),
                List.of()));
        assertRefused("segment name", new GuestNic("p", NETWORK, "a;reboot", "fa:16:3e:00:00:01", null, List.of(),
                List.of()));
        assertRefused("MAC", new GuestNic("p", NETWORK, null, "fa:16:3e:00:00", null, List.of(), List.of()));
        assertRefused("MTU", new GuestNic("p", NETWORK, null, "fa:16:3e:00:00:01", 70000, List.of(), List.of()));
        assertRefused("is not in 10.0.0.0/24", nicWith(new GuestNic.FixedIp("s", "10.9.0.5", "10.0.0.0/24", null,
                List.of(), true, null)));
        assertRefused("DHCP server", nicWith(new GuestNic.FixedIp("s", "10.0.0.5", "10.0.0.0/24", null, List.of(),
                true, "10.1.0.2")));
        assertRefused("dnsServers", nicWith(new GuestNic.FixedIp("s", "10.0.0.5", "10.0.0.0/24", null,
                List.of("dns.example"), true, null)));
    }

    private static GuestNic nicWith(GuestNic.FixedIp ip) {
        return new GuestNic("p", NETWORK, null, "fa:16:3e:00:00:01", null, List.of(ip), List.of());
    }

    private static void assertRefused(String reason, GuestNic nic) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new HostPort(UUID.randomUUID(), nic));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
