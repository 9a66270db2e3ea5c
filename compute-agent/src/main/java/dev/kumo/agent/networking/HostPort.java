package dev.kumo.agent.networking;

import dev.kumo.agent.hypervisor.QemuGuest;
import dev.kumo.contracts.instance.GuestNic;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A guest's nic as this host realizes it, validated: everything from the nic that reaches a command line, a file
 * or a rule is checked here first, so no value from a message can become an option or another name.
 */
record HostPort(UUID instanceId, GuestNic nic) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    static final int DEFAULT_MTU = 1500;

    HostPort {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(nic, "nic");
        if (nic.portId() == null || !ID.matcher(nic.portId()).matches()) {
            throw new IllegalArgumentException("a port id is 1 to 64 of A-Z a-z 0-9 -, got " + nic.portId());
        }
        if (nic.networkId() == null || !ID.matcher(nic.networkId()).matches()) {
            throw new IllegalArgumentException("port " + nic.portId() + ": a network id is 1 to 64 of A-Z a-z 0-9 -, got "
                    + nic.networkId());
        }
        if (nic.macAddress() == null || !MAC.matcher(nic.macAddress().toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("port " + nic.portId() + ": the MAC must look like fa:16:3e:00:00:01, got "
                    + nic.macAddress());
        }
        if (nic.mtu() != null && (nic.mtu() < 576 || nic.mtu() > 9000)) {
            throw new IllegalArgumentException("port " + nic.portId() + ": the MTU must be 576 to 9000, got " + nic.mtu());
        }
        Segment.of(nic.segment(), nic.networkId());
        for (GuestNic.FixedIp ip : nic.fixedIps()) {
            Cidr subnet = Cidr.parse("port " + nic.portId() + ": cidr", ip.cidr());
            InetAddress address = Cidr.address("port " + nic.portId() + ": address", ip.address());
            if (!subnet.contains(address)) {
                throw new IllegalArgumentException("port " + nic.portId() + ": " + ip.address() + " is not in "
                        + ip.cidr());
            }
            if (ip.gateway() != null) {
                Cidr.address("port " + nic.portId() + ": gateway", ip.gateway());
            }
            if (ip.dhcpServer() != null && !subnet.contains(Cidr.address("port " + nic.portId() + ": dhcpServer",
                    ip.dhcpServer()))) {
                throw new IllegalArgumentException("port " + nic.portId() + ": the DHCP server " + ip.dhcpServer()
                        + " is not in " + ip.cidr());
            }
            ip.dnsServers().forEach(server -> Cidr.address("port " + nic.portId() + ": dnsServers", server));
        }
        nic.rules().forEach(rule -> RuleExpressions.of(rule));
    }

    Segment segment() {
        return Segment.of(nic.segment(), nic.networkId());
    }

    String portId() {
        return nic.portId();
    }

    String mac() {
        return nic.macAddress().toLowerCase(Locale.ROOT);
    }

    int mtu() {
        return nic.mtu() == null ? DEFAULT_MTU : nic.mtu();
    }

    /** The guest's tap device: {@code tap} and the port id's first 11 characters, as Nova names it. */
    String tap() {
        return "tap" + nic.portId().substring(0, Math.min(11, nic.portId().length()));
    }

    List<String> ipv4Addresses() {
        return nic.fixedIps().stream().map(GuestNic.FixedIp::address)
                .filter(address -> !(Cidr.address("address", address) instanceof Inet6Address)).toList();
    }

    List<String> ipv6Addresses() {
        return nic.fixedIps().stream().map(GuestNic.FixedIp::address)
                .filter(address -> Cidr.address("address", address) instanceof Inet6Address).toList();
    }

    /** What the guest's domain gets for this port: a virtio nic on the segment's bridge. */
    QemuGuest.Interface domainInterface() {
        return new QemuGuest.Interface(segment().bridge(), tap(), mac(), mtu());
    }
}
