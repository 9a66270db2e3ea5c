package dev.kumo.network.securitygroups;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What one transaction changed that can change the rules of ports on their hosts, gathered while it works and
 * handed to {@link PortRuleUpdates#publish} at its end: groups whose rules changed (their ports' rules change),
 * groups whose members or members' addresses changed (the ports of every group with a rule naming them as remote
 * group change), and ports whose own groups changed.
 */
public final class PortRuleChanges {

    final Set<UUID> groupsWithChangedRules = new LinkedHashSet<>();
    final Set<UUID> groupsWithChangedMembers = new LinkedHashSet<>();
    final Set<UUID> portsWithChangedGroups = new LinkedHashSet<>();

    /** A rule of the group was created or deleted. */
    public PortRuleChanges rulesOf(UUID group) {
        groupsWithChangedRules.add(group);
        return this;
    }

    /** A port joined or left these groups, or its fixed IPs changed while in them (created, deleted, re-addressed). */
    public PortRuleChanges membersOf(Collection<UUID> groups) {
        groupsWithChangedMembers.addAll(groups);
        return this;
    }

    /** The port's own security groups changed. */
    public PortRuleChanges groupsOf(UUID port) {
        portsWithChangedGroups.add(port);
        return this;
    }

    public boolean isEmpty() {
        return groupsWithChangedRules.isEmpty() && groupsWithChangedMembers.isEmpty()
                && portsWithChangedGroups.isEmpty();
    }
}
