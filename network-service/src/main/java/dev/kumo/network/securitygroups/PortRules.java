package dev.kumo.network.securitygroups;

import dev.kumo.contracts.instance.PortRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The rules a host applies to a port, resolved from its security groups exactly as the compute agent resolves them
 * when it spawns ({@code NeutronPorts}): each rule of each group, in order, as it is; a rule naming a remote group
 * becomes one rule per address of that group's member ports of the rule's ethertype ({@code /32} or {@code /128}),
 * and none when the group has no such member. A port without groups (port security off) gets no rules.
 */
public final class PortRules {

    /** A security-group rule as stored. */
    public record GroupRule(String direction, String ethertype, String protocol, Integer portRangeMin,
            Integer portRangeMax, String remoteIpPrefix, UUID remoteGroupId) {
    }

    private PortRules() {
    }

    /**
     * @param groups the port's security groups
     * @param rulesByGroup each group's rules, in order
     * @param addressesByGroup the fixed IPs of each remote group's member ports, in order
     */
    public static List<PortRule> resolve(List<UUID> groups, Map<UUID, List<GroupRule>> rulesByGroup,
            Map<UUID, List<String>> addressesByGroup) {
        List<PortRule> rules = new ArrayList<>();
        for (UUID group : groups) {
            for (GroupRule rule : rulesByGroup.getOrDefault(group, List.of())) {
                if (rule.remoteGroupId() == null) {
                    rules.add(portRule(rule, emptyToNull(rule.remoteIpPrefix())));
                } else {
                    for (String address : addressesByGroup.getOrDefault(rule.remoteGroupId(), List.of())) {
                        boolean v6 = address.contains(":");
                        if (v6 == "IPv6".equals(rule.ethertype())) {
                            rules.add(portRule(rule, address + (v6 ? "/128" : "/32")));
                        }
                    }
                }
            }
        }
        return rules;
    }

    private static PortRule portRule(GroupRule rule, String remoteCidr) {
        return new PortRule(PortRule.Direction.valueOf(rule.direction().toUpperCase(Locale.ROOT)),
                PortRule.Ethertype.valueOf(rule.ethertype()), emptyToNull(rule.protocol()), rule.portRangeMin(),
                rule.portRangeMax(), remoteCidr);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
