package dev.kumo.contracts.instance;

import java.util.List;

/**
 * One network interface of a guest, with everything its host needs to realize it and nothing from any database:
 * the port and its network, the segment the host names its bridge after, the port's MAC, the network's MTU, the
 * port's fixed IPs with their subnets' settings, and its security-group rules already resolved to addresses.
 *
 * @param segment a short name (1 to 11 of {@code [A-Za-z0-9_-]}) the host makes the network's bridge from; null: the
 *     host derives it from the network id
 * @param mtu the network's MTU; null: the host's default (1500)
 * @param rules what the port may send and receive; a port with none sends and receives nothing but ARP and DHCP
 */
public record GuestNic(
        String portId,
        String networkId,
        String segment,
        String macAddress,
        Integer mtu,
        List<FixedIp> fixedIps,
        List<PortRule> rules) {

    public GuestNic {
        fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** This nic with other rules (a security-group change). */
    public GuestNic withRules(List<PortRule> newRules) {
        return new GuestNic(portId, networkId, segment, macAddress, mtu, fixedIps, newRules);
    }

    /**
     * An address of the port and what the guest learns of its subnet.
     *
     * @param cidr the subnet, e.g. {@code 10.0.0.0/24}
     * @param gateway the subnet's gateway; null when it has none
     * @param dnsServers the subnet's DNS servers, handed out by DHCP and the config drive
     * @param dhcpEnabled whether the subnet's addresses are given by DHCP (else the guest reads them from its config
     *     drive)
     * @param dhcpServer the address of the subnet's DHCP port (Neutron's {@code network:dhcp}); null: the host takes
     *     the highest address of the subnet no port of the network on that host holds
     */
    public record FixedIp(
            String subnetId,
            String address,
            String cidr,
            String gateway,
            List<String> dnsServers,
            boolean dhcpEnabled,
            String dhcpServer) {

        public FixedIp {
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        }
    }
}
