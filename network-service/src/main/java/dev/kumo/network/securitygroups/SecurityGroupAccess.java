package dev.kumo.network.securitygroups;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.UUID;

/** Security groups and their rules are their project's: another project's group is 404. */
@RequestScoped
public class SecurityGroupAccess {

    private final Caller caller;

    public SecurityGroupAccess(Caller caller) {
        this.caller = caller;
    }

    public List<SecurityGroup> visibleGroups() {
        return caller.isAdmin() ? SecurityGroup.listAll() : SecurityGroup.list("projectId", caller.projectId());
    }

    public List<SecurityGroupRule> visibleRules() {
        if (caller.isAdmin()) {
            return SecurityGroupRule.listAll();
        }
        return SecurityGroupRule.list("projectId = ?1 or securityGroupId in (select g.id from SecurityGroup g"
                + " where g.projectId = ?1)", caller.projectId());
    }

    public SecurityGroup visible(String id) {
        return visible(Ids.inPath("Security group", id));
    }

    public SecurityGroup visible(UUID id) {
        SecurityGroup group = SecurityGroup.findById(id);
        if (group == null || !caller.owns(group.projectId)) {
            throw new NeutronError(404, "SecurityGroupNotFound", "Security group " + id + " does not exist");
        }
        return group;
    }

    public SecurityGroup owned(String id, String action) {
        SecurityGroup group = visible(id);
        caller.requireChange(action);
        return group;
    }

    public SecurityGroupRule visibleRule(String id) {
        UUID ruleId;
        try {
            ruleId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ruleNotFound(id);
        }
        SecurityGroupRule rule = SecurityGroupRule.findById(ruleId);
        if (rule == null) {
            throw ruleNotFound(id);
        }
        SecurityGroup group = SecurityGroup.findById(rule.securityGroupId);
        if (!caller.owns(rule.projectId) && (group == null || !caller.owns(group.projectId))) {
            throw ruleNotFound(id);
        }
        return rule;
    }

    private static NeutronError ruleNotFound(String id) {
        return new NeutronError(404, "SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist");
    }
}
