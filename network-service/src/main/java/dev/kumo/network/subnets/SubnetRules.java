package dev.kumo.network.subnets;

import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.ipam.Cidr;
import dev.kumo.network.ipam.IpAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Neutron's rules for a subnet's addressing, each a 400 (or 409) that names the value: the CIDR, the gateway,
 * the allocation pools (defaults around the gateway), name servers, host routes and the IPv6 modes.
 */
final class SubnetRules {

    static final int MAX_DNS_NAMESERVERS = 5;
    static final int MAX_HOST_ROUTES = 20;
    static final Set<String> IPV6_MODES = Set.of("slaac", "dhcpv6-stateful", "dhcpv6-stateless");

    private SubnetRules() {
    }

    static int ipVersion(Object value) {
        if (value == null) {
            throw NeutronError.badRequest("Failed to parse request. Required attribute 'ip_version' not specified");
        }
        String text = String.valueOf(value);
        if (!text.equals("4") && !text.equals("6")) {
            throw NeutronError.invalidInput("ip_version", "'" + value + "' is not in [4, 6]");
        }
        return Integer.parseInt(text);
    }

    static Cidr cidr(String text, int ipVersion) {
        if (text == null) {
            throw NeutronError.badRequest("Failed to parse request. Required attribute 'cidr' not specified");
        }
        Cidr cidr = Cidr.parse(text).filter(c -> text.contains("/"))
                .orElseThrow(() -> NeutronError.invalidInput("cidr", "'" + text + "' is not a valid IP subnet"));
        if (cidr.version() != ipVersion) {
            throw NeutronError.invalidOperation("Invalid CIDR " + text + " for IP version " + ipVersion);
        }
        if (!cidr.isMasked()) {
            throw NeutronError.invalidInput("cidr", "'" + text + "' isn't a recommended CIDR, '" + cidr.masked()
                    + "' should be used instead");
        }
        if (cidr.prefixLength() > cidr.network().bits() - 2) {
            throw NeutronError.invalidOperation("Invalid CIDR " + text + ": the prefix is too long to hold addresses");
        }
        return cidr;
    }

    /** The gateway asked for: absent means the first address, null means none. */
    static IpAddress gateway(boolean given, String text, Cidr cidr) {
        if (!given) {
            return cidr.first().plus(1);
        }
        if (text == null) {
            return null;
        }
        IpAddress gateway = IpAddress.parse(text)
                .orElseThrow(() -> NeutronError.invalidInput("gateway_ip", "'" + text + "' is not a valid IP address"));
        if (gateway.version() != cidr.version()) {
            throw NeutronError.invalidInput("gateway_ip", "'" + text + "' is not an IPv" + cidr.version() + " address");
        }
        if (cidr.version() == 4 && (gateway.equals(cidr.first()) || gateway.equals(cidr.last()))) {
            throw NeutronError.invalidOperation("Gateway is not valid on subnet: " + text + " is the network or"
                    + " broadcast address of " + cidr);
        }
        return gateway;
    }

    /** The addresses a subnet may hand out at all: all but the network (and, for IPv4, broadcast) address. */
    static IpAddress firstHost(Cidr cidr) {
        return cidr.first().plus(1);
    }

    static IpAddress lastHost(Cidr cidr) {
        return cidr.version() == 4 ? cidr.last().plus(-1) : cidr.last();
    }

    /** Neutron's default pools: every host address except the gateway's. */
    static List<Map<String, String>> defaultPools(Cidr cidr, IpAddress gateway) {
        List<Map<String, String>> pools = new ArrayList<>();
        IpAddress first = firstHost(cidr);
        IpAddress last = lastHost(cidr);
        if (gateway != null && cidr.contains(gateway) && gateway.compareTo(first) >= 0 && gateway.compareTo(last) <= 0) {
            if (gateway.compareTo(first) > 0) {
                pools.add(pool(first, gateway.plus(-1)));
            }
            if (gateway.compareTo(last) < 0) {
                pools.add(pool(gateway.plus(1), last));
            }
        } else {
            pools.add(pool(first, last));
        }
        return pools;
    }

    static List<Map<String, String>> pools(List<Object> requested, Cidr cidr, IpAddress gateway) {
        List<IpAddress[]> ranges = new ArrayList<>();
        List<Map<String, String>> pools = new ArrayList<>();
        for (Object item : requested) {
            if (!(item instanceof Map<?, ?> pool) || !(pool.get("start") instanceof String start)
                    || !(pool.get("end") instanceof String end) || pool.size() != 2) {
                throw NeutronError.invalidInput("allocation_pools", "'" + item + "' is not a pool {start, end}");
            }
            IpAddress first = address("allocation_pools", start, cidr.version());
            IpAddress last = address("allocation_pools", end, cidr.version());
            if (first.compareTo(last) > 0) {
                throw NeutronError.badRequest("The allocation pool " + start + "-" + end + " is not valid.");
            }
            if (first.compareTo(firstHost(cidr)) < 0 || last.compareTo(lastHost(cidr)) > 0) {
                throw NeutronError.badRequest("The allocation pool " + start + "-" + end
                        + " spans beyond the subnet cidr " + cidr + ".");
            }
            for (IpAddress[] other : ranges) {
                if (first.compareTo(other[1]) <= 0 && other[0].compareTo(last) <= 0) {
                    throw NeutronError.badRequest("Found overlapping allocation pools: " + other[0] + "-" + other[1]
                            + " and " + first + "-" + last + " for subnet " + cidr + ".");
                }
            }
            ranges.add(new IpAddress[] {first, last});
            pools.add(pool(first, last));
        }
        checkGatewayOutsidePools(gateway, pools);
        return pools;
    }

    static void checkGatewayOutsidePools(IpAddress gateway, List<Map<String, String>> pools) {
        if (gateway == null) {
            return;
        }
        for (Map<String, String> pool : pools) {
            IpAddress first = IpAddress.parse(pool.get("start")).orElseThrow();
            IpAddress last = IpAddress.parse(pool.get("end")).orElseThrow();
            if (gateway.compareTo(first) >= 0 && gateway.compareTo(last) <= 0) {
                throw NeutronError.conflict("GatewayConflictWithAllocationPools", "Gateway ip " + gateway
                        + " conflicts with allocation pool " + first + "-" + last + ".");
            }
        }
    }

    static List<String> nameservers(List<Object> requested, int ipVersion) {
        if (requested.size() > MAX_DNS_NAMESERVERS) {
            throw NeutronError.badRequest("Unable to complete operation for subnet. The number of DNS nameservers"
                    + " exceeds the limit " + MAX_DNS_NAMESERVERS + ".");
        }
        List<String> servers = new ArrayList<>();
        for (Object item : requested) {
            IpAddress address = IpAddress.parse(item instanceof String text ? text : null)
                    .orElseThrow(() -> NeutronError.invalidInput("dns_nameservers", "'" + item + "' is not a valid nameserver"));
            if (servers.contains(address.toString())) {
                throw NeutronError.invalidInput("dns_nameservers", "Duplicate nameserver '" + item + "'");
            }
            servers.add(address.toString());
        }
        return servers;
    }

    static List<Map<String, String>> hostRoutes(List<Object> requested, int ipVersion) {
        if (requested.size() > MAX_HOST_ROUTES) {
            throw NeutronError.badRequest("Unable to complete operation for subnet. The number of host routes"
                    + " exceeds the limit " + MAX_HOST_ROUTES + ".");
        }
        List<Map<String, String>> routes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object item : requested) {
            if (!(item instanceof Map<?, ?> route) || !(route.get("destination") instanceof String destination)
                    || !(route.get("nexthop") instanceof String nexthop)) {
                throw NeutronError.invalidInput("host_routes", "'" + item + "' is not a route {destination, nexthop}");
            }
            Cidr to = Cidr.parse(destination).filter(c -> c.version() == ipVersion)
                    .orElseThrow(() -> NeutronError.invalidInput("host_routes", "'" + destination + "' is not a valid IPv"
                            + ipVersion + " destination"));
            IpAddress via = address("host_routes", nexthop, ipVersion);
            Map<String, String> normalized = new LinkedHashMap<>();
            normalized.put("destination", to.masked().toString());
            normalized.put("nexthop", via.toString());
            if (!seen.add(normalized.toString())) {
                throw NeutronError.invalidInput("host_routes", "Duplicate hostroute '" + item + "'");
            }
            routes.add(normalized);
        }
        return routes;
    }

    static void ipv6Modes(int ipVersion, String raMode, String addressMode, Cidr cidr) {
        for (String[] mode : new String[][] {{"ipv6_ra_mode", raMode}, {"ipv6_address_mode", addressMode}}) {
            if (mode[1] != null && !IPV6_MODES.contains(mode[1])) {
                throw NeutronError.invalidInput(mode[0], "'" + mode[1] + "' is not in " + List.of("dhcpv6-stateful",
                        "dhcpv6-stateless", "slaac"));
            }
        }
        if (raMode == null && addressMode == null) {
            return;
        }
        if (ipVersion != 6) {
            throw NeutronError.invalidOperation("ipv6_ra_mode or ipv6_address_mode cannot be set when ip_version is 4");
        }
        if (raMode != null && addressMode != null && !raMode.equals(addressMode)) {
            throw NeutronError.invalidOperation("ipv6_ra_mode set to '" + raMode + "' with ipv6_address_mode set to '"
                    + addressMode + "' is not valid. If both attributes are set, they must be the same value");
        }
        String effective = addressMode != null ? addressMode : raMode;
        if (("slaac".equals(effective) || "dhcpv6-stateless".equals(effective)) && cidr.prefixLength() != 64) {
            throw NeutronError.invalidOperation("Invalid CIDR " + cidr + " for IPv6 address mode. OpenStack uses the"
                    + " EUI-64 address format, which requires the prefix to be /64");
        }
    }

    private static IpAddress address(String attribute, String text, int version) {
        return IpAddress.parse(text).filter(ip -> ip.version() == version)
                .orElseThrow(() -> NeutronError.invalidInput(attribute, "'" + text + "' is not a valid IPv" + version + " address"));
    }

    private static Map<String, String> pool(IpAddress start, IpAddress end) {
        Map<String, String> pool = new LinkedHashMap<>();
        pool.put("start", start.toString());
        pool.put("end", end.toString());
        return pool;
    }
}
