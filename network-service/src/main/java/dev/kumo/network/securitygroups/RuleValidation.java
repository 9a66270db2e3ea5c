package dev.kumo.network.securitygroups;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.ipam.Cidr;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Neutron's checks of a security group rule: direction, ethertype, protocol (a name or 0-255), the port range
 * (TCP-like protocols: 1-65535 and min <= max; ICMP: type and code 0-255), and one remote at most, whose family
 * matches the ethertype. The rule is normalized as Neutron stores it (the prefix's host bits cleared).
 */
final class RuleValidation {

    static final Map<String, Integer> PROTOCOLS = Map.ofEntries(Map.entry("ah", 51), Map.entry("dccp", 33),
            Map.entry("egp", 8), Map.entry("esp", 50), Map.entry("gre", 47), Map.entry("hopopt", 0),
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("ip", 0), Map.entry("ipip", 4),
            Map.entry("ipv6-encap", 41), Map.entry("ipv6-frag", 44), Map.entry("ipv6-icmp", 58),
            Map.entry("icmpv6", 58), Map.entry("ipv6-nonxt", 59), Map.entry("ipv6-opts", 60),
            Map.entry("ipv6-route", 43), Map.entry("ospf", 89), Map.entry("pgm", 113), Map.entry("rsvp", 46),
            Map.entry("sctp", 132), Map.entry("tcp", 6), Map.entry("udp", 17), Map.entry("udplite", 136),
            Map.entry("vrrp", 112));
    private static final Set<Integer> WITH_PORTS = Set.of(6, 17, 33, 132, 136);
    private static final Set<Integer> ICMP = Set.of(1, 58);
    private static final Set<String> IPV6_ONLY = Set.of("ipv6-encap", "ipv6-frag", "ipv6-icmp", "icmpv6",
            "ipv6-nonxt", "ipv6-opts", "ipv6-route");

    private RuleValidation() {
    }

    static void apply(Attributes request, SecurityGroupRule rule) {
        rule.direction = request.string("direction");
        if (rule.direction == null) {
            throw NeutronError.badRequest("Failed to parse request. Required attribute 'direction' not specified");
        }
        if (!rule.direction.equals("ingress") && !rule.direction.equals("egress")) {
            throw NeutronError.invalidInput("direction", "'" + rule.direction + "' is not in ['ingress', 'egress']");
        }
        rule.ethertype = request.string("ethertype", "IPv4");
        if (!rule.ethertype.equals("IPv4") && !rule.ethertype.equals("IPv6")) {
            throw new NeutronError(400, "SecurityGroupRuleInvalidEtherType", "Security group rule for ethertype '"
                    + rule.ethertype + "' not supported. Allowed values are ['IPv4', 'IPv6'].");
        }
        rule.protocol = protocol(request.raw("protocol"));
        if (rule.protocol != null && rule.ethertype.equals("IPv4") && IPV6_ONLY.contains(rule.protocol)) {
            throw new NeutronError(400, "SecurityGroupEthertypeConflictWithProtocol", "Invalid ethertype IPv4 for"
                    + " protocol " + rule.protocol + ".");
        }
        rule.portRangeMin = port(request, "port_range_min");
        rule.portRangeMax = port(request, "port_range_max");
        portRange(rule);
        rule.remoteGroupId = groupId(request.raw("remote_group_id"));
        String prefix = request.string("remote_ip_prefix", 64);
        if (prefix != null && rule.remoteGroupId != null) {
            throw new NeutronError(400, "SecurityGroupRemoteGroupAndRemoteIpPrefix",
                    "Only remote_ip_prefix or remote_group_id may be provided.");
        }
        if (prefix != null) {
            Cidr cidr = Cidr.parse(prefix)
                    .orElseThrow(() -> NeutronError.invalidInput("remote_ip_prefix", "'" + prefix + "' is not a valid IP subnet"));
            if (cidr.version() != (rule.ethertype.equals("IPv4") ? 4 : 6)) {
                throw new NeutronError(400, "SecurityGroupRuleParameterConflict", "Conflicting value ethertype "
                        + rule.ethertype + " for CIDR " + prefix);
            }
            rule.remoteIpPrefix = cidr.masked().toString();
        }
        rule.description = request.string("description", "");
    }

    /** A group id that is not a UUID names no group: 404, as Neutron answers. */
    static java.util.UUID groupId(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return java.util.UUID.fromString(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new NeutronError(404, "SecurityGroupNotFound", "Security group " + value + " does not exist");
        }
    }

    private static String protocol(Object value) {
        if (value == null || "any".equals(value)) {
            return null;
        }
        String text = String.valueOf(value).toLowerCase();
        if (PROTOCOLS.containsKey(text)) {
            return text;
        }
        if (text.matches("\\d{1,3}") && Integer.parseInt(text) <= 255) {
            return String.valueOf(Integer.parseInt(text));
        }
        throw new NeutronError(400, "SecurityGroupRuleInvalidProtocol", "Security group rule protocol " + value
                + " not supported. Only protocol values " + new TreeSet<>(PROTOCOLS.keySet())
                + " and integer representations [0 to 255] are supported.");
    }

    private static Integer port(Attributes request, String name) {
        Object value = request.raw(name);
        if (value == null) {
            return null;
        }
        Integer port = value instanceof Integer number ? number
                : value instanceof String text && text.matches("-?\\d{1,9}") ? Integer.valueOf(text) : null;
        if (port == null || port < 0 || port > 65535) {
            throw new NeutronError(400, "SecurityGroupInvalidPortValue", "Invalid value for port " + value + ".");
        }
        return port;
    }

    private static void portRange(SecurityGroupRule rule) {
        Integer min = rule.portRangeMin;
        Integer max = rule.portRangeMax;
        if (min == null && max == null) {
            return;
        }
        if (rule.protocol == null) {
            throw new NeutronError(400, "SecurityGroupProtocolRequiredWithPorts",
                    "Must also specify protocol if port range is given.");
        }
        int number = PROTOCOLS.getOrDefault(rule.protocol, -1) >= 0 ? PROTOCOLS.get(rule.protocol)
                : Integer.parseInt(rule.protocol);
        if (WITH_PORTS.contains(number)) {
            if ((min != null && min == 0) || (max != null && max == 0)) {
                throw new NeutronError(400, "SecurityGroupInvalidPortValue", "Invalid value for port 0.");
            }
            if (min == null || max == null || min > max) {
                throw new NeutronError(400, "SecurityGroupInvalidPortRange",
                        "For TCP/UDP protocols, port_range_min must be <= port_range_max");
            }
        } else if (ICMP.contains(number)) {
            for (Object[] field : new Object[][] {{"port_range_min", "type", min}, {"port_range_max", "code", max}}) {
                if (field[2] != null && (Integer) field[2] > 255) {
                    throw new NeutronError(400, "SecurityGroupInvalidIcmpValue", "Invalid value for ICMP " + field[1]
                            + " (" + field[0] + ") " + field[2] + ". It must be 0 to 255.");
                }
            }
            if (min == null) {
                throw new NeutronError(400, "SecurityGroupMissingIcmpType",
                        "ICMP code (port-range-max) " + max + " is provided but ICMP type (port-range-min) is missing.");
            }
        } else {
            throw new NeutronError(400, "SecurityGroupInvalidProtocolForPort", "Invalid protocol " + rule.protocol
                    + " for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.");
        }
    }

    static final List<String> ALLOWED = List.of("security_group_id", "direction", "ethertype", "protocol",
            "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id", "description", "tenant_id",
            "project_id");
}
