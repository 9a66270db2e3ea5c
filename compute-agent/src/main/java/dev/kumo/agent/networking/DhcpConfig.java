package dev.kumo.agent.networking;

import dev.kumo.contracts.instance.GuestNic;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the DHCP server (dnsmasq) of one segment serves: for each IPv4 subnet with DHCP of the segment's ports, a
 * static range (only known MACs get an address), the subnet's router, DNS servers and MTU; for each port, its MAC
 * and exactly its fixed IP. The server needs an address in each subnet: the subnet's DHCP port's when the sender
 * named it, else the highest address no port of the segment on this host holds.
 *
 * @param conf dnsmasq's configuration; a change of it needs a restart
 * @param hosts the MAC → address lines; re-read on SIGHUP
 * @param options the per-subnet options; re-read on SIGHUP
 * @param serverAddresses the addresses (with prefix) of the server's interface in the namespace
 */
record DhcpConfig(String conf, String hosts, String options, List<String> serverAddresses) {

    static final String LEASE_TIME = "86400s";

    static DhcpConfig of(Segment segment, List<HostPort> ports, Path directory) {
        Map<String, Subnet> subnets = subnets(ports);
        StringBuilder conf = new StringBuilder()
                .append("# dnsmasq of segment ").append(segment.name()).append(", written by the Kumo agent\n")
                .append("no-hosts\nno-resolv\nport=0\nbind-interfaces\n")
                .append("interface=").append(Segment.DHCP_INTERFACE).append('\n')
                .append("except-interface=lo\ndhcp-authoritative\nuser=root\n")
                .append("dhcp-leasefile=").append(directory.resolve("leases")).append('\n')
                .append("pid-file=").append(directory.resolve("dnsmasq.pid")).append('\n')
                .append("dhcp-hostsfile=").append(directory.resolve("hosts")).append('\n')
                .append("dhcp-optsfile=").append(directory.resolve("options")).append('\n')
                .append("log-facility=").append(directory.resolve("dnsmasq.log")).append('\n')
                .append("log-dhcp\n");
        StringBuilder options = new StringBuilder();
        List<String> serverAddresses = new ArrayList<>();
        for (Subnet subnet : subnets.values()) {
            conf.append("dhcp-range=set:").append(subnet.tag).append(',').append(subnet.cidr.network().getHostAddress())
                    .append(",static,").append(subnet.cidr.netmask()).append(',').append(LEASE_TIME).append('\n');
            serverAddresses.add(subnet.server + "/" + subnet.cidr.prefixLength());
            options.append("tag:").append(subnet.tag).append(",option:router")
                    .append(subnet.gateway == null ? "" : "," + subnet.gateway).append('\n');
            options.append("tag:").append(subnet.tag).append(",option:dns-server")
                    .append(subnet.dnsServers.isEmpty() ? "" : "," + String.join(",", subnet.dnsServers)).append('\n');
            options.append("tag:").append(subnet.tag).append(",option:mtu,").append(subnet.mtu).append('\n');
        }
        conf.append("# server addresses ").append(String.join(" ", serverAddresses)).append('\n');
        StringBuilder hosts = new StringBuilder();
        for (HostPort port : ports) {
            for (GuestNic.FixedIp ip : port.nic().fixedIps()) {
                if (subnets.containsKey(Cidr.parse("cidr", ip.cidr()).toString())) {
                    hosts.append(port.mac()).append(',').append(ip.address()).append(',').append(LEASE_TIME)
                            .append('\n');
                }
            }
        }
        return new DhcpConfig(conf.toString(), hosts.toString(), options.toString(), List.copyOf(serverAddresses));
    }

    /** Whether the segment's ports need a DHCP server at all. */
    boolean serves() {
        return !serverAddresses.isEmpty();
    }

    private static Map<String, Subnet> subnets(List<HostPort> ports) {
        Set<InetAddress> taken = new HashSet<>();
        Map<String, Subnet> byCidr = new TreeMap<>();
        for (HostPort port : ports) {
            for (GuestNic.FixedIp ip : port.nic().fixedIps()) {
                taken.add(Cidr.address("address", ip.address()));
                Cidr cidr = Cidr.parse("cidr", ip.cidr());
                boolean servable = ip.dhcpEnabled() && !cidr.ipv6() && cidr.prefixLength() <= 30;
                if (servable && !byCidr.containsKey(cidr.toString())) {
                    byCidr.put(cidr.toString(), new Subnet(cidr, ip, port.mtu()));
                }
            }
        }
        Map<String, Subnet> tagged = new LinkedHashMap<>();
        int index = 0;
        for (Subnet subnet : byCidr.values()) {
            subnet.tag = "subnet" + index++;
            subnet.server = subnet.serverAddress(taken);
            tagged.put(subnet.cidr.toString(), subnet);
        }
        return tagged;
    }

    private static final class Subnet {
        final Cidr cidr;
        final String gateway;
        final List<String> dnsServers;
        final String dhcpServer;
        final int mtu;
        String tag;
        String server;

        Subnet(Cidr cidr, GuestNic.FixedIp ip, int mtu) {
            this.cidr = cidr;
            this.gateway = ip.gateway() == null ? null : Cidr.address("gateway", ip.gateway()).getHostAddress();
            this.dnsServers = ip.dnsServers().stream().map(server -> Cidr.address("dns", server).getHostAddress())
                    .toList();
            this.dhcpServer = ip.dhcpServer();
            this.mtu = mtu;
        }

        String serverAddress(Set<InetAddress> taken) {
            if (dhcpServer != null) {
                return Cidr.address("dhcpServer", dhcpServer).getHostAddress();
            }
            InetAddress gatewayAddress = gateway == null ? null : Cidr.address("gateway", gateway);
            for (int n = 1; n < cidr.size().intValue() - 1; n++) {
                InetAddress candidate = cidr.fromTop(n);
                if (!taken.contains(candidate) && !candidate.equals(gatewayAddress)) {
                    return candidate.getHostAddress();
                }
            }
            throw new NetworkingException("subnet " + cidr + " has no address left for its DHCP server");
        }
    }
}
