package dev.kumo.agent.networking;

import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.PortRule.Direction;
import dev.kumo.contracts.instance.PortRule.Ethertype;
import java.util.List;
import java.util.UUID;

/** Nics and rules for the tests of this package. */
final class Ports {

    static final PortRule PING_FROM_SUBNET = new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", 8, null,
            "10.0.0.0/24");
    static final PortRule SSH = new PortRule(Direction.INGRESS, Ethertype.IPv4, "tcp", 22, 22, null);
    static final PortRule EVERYTHING_OUT = PortRule.any(Direction.EGRESS, Ethertype.IPv4);

    private Ports() {
    }

    static GuestNic nic(String portId, String networkId, String mac, String address, PortRule... rules) {
        return new GuestNic(portId, networkId, null, mac, 1450, List.of(new GuestNic.FixedIp("subnet-1", address,
                "10.0.0.0/24", "10.0.0.1", List.of("192.0.2.53"), true, null)), List.of(rules));
    }

    static HostPort port(String portId, String mac, String address, PortRule... rules) {
        return new HostPort(UUID.randomUUID(), nic(portId, "5e9c1d2a-7b3f-4c8e-9a1d-2b3c4d5e6f70", mac, address, rules));
    }
}
