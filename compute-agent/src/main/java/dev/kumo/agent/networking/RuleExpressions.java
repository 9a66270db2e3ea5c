package dev.kumo.agent.networking;

import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.PortRule.Direction;
import dev.kumo.contracts.instance.PortRule.Ethertype;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A security-group rule as an nftables match, in Neutron's meaning: the ethertype, the remote CIDR as the source
 * (ingress) or destination (egress), the protocol, and the port range, which for ICMP is the type (min) and code
 * (max). Everything is checked and written from parsed values, never copied from the rule.
 */
final class RuleExpressions {

    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("tcp", 6), Map.entry("egp", 8),
            Map.entry("udp", 17), Map.entry("dccp", 33), Map.entry("ipv6-encap", 41), Map.entry("rsvp", 46),
            Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("icmpv6", 58),
            Map.entry("ipv6-icmp", 58), Map.entry("ospf", 89), Map.entry("pgm", 113), Map.entry("vrrp", 112),
            Map.entry("sctp", 132), Map.entry("udplite", 136));
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;

    private RuleExpressions() {
    }

    /** The match of the rule, e.g. {@code meta nfproto ipv4 ip saddr 10.0.0.0/24 meta l4proto 6 th dport 22-22}. */
    static String of(PortRule rule) {
        Objects.requireNonNull(rule.direction(), "a rule needs a direction");
        Objects.requireNonNull(rule.ethertype(), "a rule needs an ethertype");
        boolean ipv6 = rule.ethertype() == Ethertype.IPv6;
        List<String> parts = new ArrayList<>();
        parts.add(ipv6 ? "meta nfproto ipv6" : "meta nfproto ipv4");
        if (rule.remoteCidr() != null) {
            Cidr remote = Cidr.parse("remoteCidr", rule.remoteCidr());
            if (remote.ipv6() != ipv6) {
                throw new IllegalArgumentException("the rule's remoteCidr " + rule.remoteCidr() + " is not "
                        + rule.ethertype());
            }
            parts.add((ipv6 ? "ip6 " : "ip ") + (rule.direction() == Direction.INGRESS ? "saddr " : "daddr ") + remote);
        }
        if (rule.protocol() != null) {
            int protocol = protocolNumber(rule.protocol());
            if (ipv6 && protocol == ICMP) {
                protocol = ICMPV6; // Neutron's icmp on IPv6 is ICMPv6
            }
            parts.add("meta l4proto " + protocol);
            parts.addAll(ports(rule, protocol));
        } else if (rule.portRangeMin() != null || rule.portRangeMax() != null) {
            throw new IllegalArgumentException("a rule with a port range needs a protocol");
        }
        return String.join(" ", parts);
    }

    private static List<String> ports(PortRule rule, int protocol) {
        Integer min = rule.portRangeMin();
        Integer max = rule.portRangeMax();
        if (protocol == ICMP || protocol == ICMPV6) {
            String family = protocol == ICMP ? "icmp" : "icmpv6";
            List<String> parts = new ArrayList<>();
            if (min != null) {
                parts.add(family + " type " + checked("ICMP type", min, 255));
                if (max != null) {
                    parts.add(family + " code " + checked("ICMP code", max, 255));
                }
            } else if (max != null) {
                throw new IllegalArgumentException("an ICMP code needs an ICMP type");
            }
            return parts;
        }
        if (min == null && max == null) {
            return List.of();
        }
        if (protocol != 6 && protocol != 17 && protocol != 132 && protocol != 33 && protocol != 136) {
            throw new IllegalArgumentException("protocol " + rule.protocol() + " has no ports");
        }
        int first = checked("portRangeMin", min == null ? 1 : min, 65535);
        int last = checked("portRangeMax", max == null ? 65535 : max, 65535);
        if (first > last) {
            throw new IllegalArgumentException("portRangeMin " + first + " is above portRangeMax " + last);
        }
        return List.of("th dport " + first + "-" + last);
    }

    static int protocolNumber(String protocol) {
        String name = protocol.toLowerCase(Locale.ROOT);
        if (PROTOCOLS.containsKey(name)) {
            return PROTOCOLS.get(name);
        }
        try {
            return checked("protocol", Integer.parseInt(name), 255);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown protocol " + protocol);
        }
    }

    private static int checked(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 0 to " + max + ", got " + value);
        }
        return value;
    }
}
