package dev.kumo.agent.networking;

import dev.kumo.contracts.instance.PortRule.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * The nftables scripts that filter the ports of this host's guests, in two tables named {@code kumo}:
 * <ul>
 * <li>{@code bridge kumo}: anti-spoofing, stateless, keyed by the port's tap device: a port sends only from its MAC
 * and its fixed IPs (ARP included), asks DHCP but never answers it, and sends no other ethertype;</li>
 * <li>{@code inet kumo}: the security groups, stateful (the kernel's conntrack sees bridged IPv4 and IPv6 through
 * br_netfilter), keyed by the port's bridge and MAC, which the bridge table already pinned to the port: established traffic and
 * DHCP pass, then a port's egress rules decide what it sends and its ingress rules what it receives, and everything
 * else is dropped. Each bridge is its own conntrack zone, so tenants whose CIDRs overlap never share a connection.</li>
 * </ul>
 * A port's chains are replaced in one transaction, so a change of rules never leaves the port open or closed in
 * between.
 */
final class PortFilters {

    static final String TABLE = "kumo";

    private PortFilters() {
    }

    /**
     * The bridge table's base chain runs at the bridge family's {@code filter} priority (-200), before br_netfilter
     * (priority 0): a chain at 0 itself shares br_netfilter's priority, and the kernel skips it for every packet
     * br_netfilter hands to the IP hooks when it was registered after br_netfilter's hook, so spoofed IPv4 got
     * through on such hosts while ARP and everything else was still filtered.
     */
    static final String BRIDGE_PRIORITY = "filter";

    /** Creates both tables with their base chains and maps; fails as a whole when the tables exist. */
    static String tables() {
        return String.join("\n",
                "create table bridge kumo",
                "add map bridge kumo ports { type ifname : verdict ; }",
                bridgeForwardChain(),
                "add rule bridge kumo forward iifname vmap @ports",
                "create table inet kumo",
                "add map inet kumo zones { typeof iifname : ct zone ; }",
                "add map inet kumo egress { type ifname . ether_addr : verdict ; }",
                "add map inet kumo ingress { type ifname . ether_addr : verdict ; }",
                "add chain inet kumo zone { type filter hook prerouting priority raw ; policy accept ; }",
                "add rule inet kumo zone ct zone set iifname map @zones",
                "add chain inet kumo forward { type filter hook forward priority filter ; policy accept ; }",
                "add rule inet kumo forward ct state established,related accept",
                "add rule inet kumo forward meta l4proto udp udp sport 68 udp dport 67 accept",
                "add rule inet kumo forward meta l4proto udp udp sport 67 udp dport 68 accept",
                "add rule inet kumo forward iifname . ether saddr vmap @egress",
                "add rule inet kumo forward oifname . ether daddr vmap @ingress") + "\n";
    }

    /**
     * Replaces the bridge table's base chain of an older agent, at priority 0, by one at {@link #BRIDGE_PRIORITY},
     * in one transaction: the ports' chains and the map stay as they are.
     */
    static String bridgeChainUpgrade() {
        return String.join("\n",
                "delete chain bridge kumo forward",
                bridgeForwardChain(),
                "add rule bridge kumo forward iifname vmap @ports") + "\n";
    }

    /** Whether {@code nft list chain bridge kumo forward} shows the chain at the right priority. */
    static boolean bridgeChainIsCurrent(String listed) {
        return listed.contains("hook forward priority " + BRIDGE_PRIORITY + ";");
    }

    private static String bridgeForwardChain() {
        return "add chain bridge kumo forward { type filter hook forward priority " + BRIDGE_PRIORITY
                + " ; policy accept ; }";
    }

    /** The segment's bridge is conntrack zone {@code zone}. */
    static String zone(Segment segment, int zone) {
        return "add element inet kumo zones { \"" + segment.bridge() + "\" : " + zone + " }\n";
    }

    /** Puts the port's filter in place, or replaces it, in one transaction. */
    static String port(HostPort port) {
        List<String> lines = new ArrayList<>();
        String spoof = "bridge kumo spoof-" + port.tap();
        lines.add("add chain " + spoof);
        lines.add("flush chain " + spoof);
        lines.addAll(antiSpoofing(port).stream().map(rule -> "add rule " + spoof + " " + rule).toList());
        lines.add("add element bridge kumo ports { \"" + port.tap() + "\" : jump spoof-" + port.tap() + " }");
        String egress = "inet kumo egress-" + port.tap();
        lines.add("add chain " + egress);
        lines.add("flush chain " + egress);
        if (!port.ipv6Addresses().isEmpty()) {
            lines.add("add rule " + egress + " meta nfproto ipv6 meta l4proto 58 icmpv6 type "
                    + "{ nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } return");
        }
        rules(port, Direction.EGRESS).forEach(match -> lines.add("add rule " + egress + " " + match + " return"));
        lines.add("add rule " + egress + " drop");
        String ingress = "inet kumo ingress-" + port.tap();
        lines.add("add chain " + ingress);
        lines.add("flush chain " + ingress);
        if (!port.ipv6Addresses().isEmpty()) {
            lines.add("add rule " + ingress + " meta nfproto ipv6 meta l4proto 58 icmpv6 type "
                    + "{ nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept");
        }
        rules(port, Direction.INGRESS).forEach(match -> lines.add("add rule " + ingress + " " + match + " accept"));
        lines.add("add rule " + ingress + " drop");
        lines.add("add element inet kumo egress { " + key(port) + " : jump egress-" + port.tap() + " }");
        lines.add("add element inet kumo ingress { " + key(port) + " : jump ingress-" + port.tap() + " }");
        return String.join("\n", lines) + "\n";
    }

    /** The commands that take the port's filter away, each on its own: any may find its part gone already. */
    static List<String> removal(HostPort port) {
        return List.of(
                "delete element bridge kumo ports { \"" + port.tap() + "\" }",
                "delete chain bridge kumo spoof-" + port.tap(),
                "delete element inet kumo egress { " + key(port) + " }",
                "delete element inet kumo ingress { " + key(port) + " }",
                "delete chain inet kumo egress-" + port.tap(),
                "delete chain inet kumo ingress-" + port.tap());
    }

    static String zoneRemoval(Segment segment) {
        return "delete element inet kumo zones { \"" + segment.bridge() + "\" }";
    }

    /**
     * A port in the inet table: its bridge and MAC (bridged packets reach the inet hooks with the bridge as their
     * interface), so equal MACs on two tenants' networks stay apart.
     */
    private static String key(HostPort port) {
        return "\"" + port.segment().bridge() + "\" . " + port.mac();
    }

    private static List<String> antiSpoofing(HostPort port) {
        List<String> rules = new ArrayList<>();
        List<String> v4 = port.ipv4Addresses();
        List<String> v6 = port.ipv6Addresses();
        rules.add("ether saddr != " + port.mac() + " drop");
        rules.add("arp saddr ether != " + port.mac() + " drop");
        List<String> arpSources = new ArrayList<>(v4);
        arpSources.add("0.0.0.0"); // address probes
        rules.add("arp saddr ip != " + set(arpSources) + " drop");
        rules.add("ether type arp return");
        rules.add("ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 return");
        rules.add("ip protocol udp udp sport 67 drop"); // a guest never answers DHCP
        rules.add(v4.isEmpty() ? "ether type ip drop" : "ip saddr != " + set(v4) + " drop");
        if (v6.isEmpty()) {
            rules.add("ether type ip6 drop");
        } else {
            rules.add("ip6 nexthdr udp udp sport 547 drop");
            List<String> sources = new ArrayList<>(v6);
            sources.add("fe80::/10");
            sources.add("::");
            rules.add("ip6 saddr != " + set(sources) + " drop");
        }
        rules.add("ether type != { arp, ip, ip6 } drop");
        return rules;
    }

    private static List<String> rules(HostPort port, Direction direction) {
        return port.nic().rules().stream().filter(rule -> rule.direction() == direction)
                .map(RuleExpressions::of).distinct().toList();
    }

    private static String set(List<String> values) {
        return "{ " + String.join(", ", values) + " }";
    }
}
