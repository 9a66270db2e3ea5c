package dev.kumo.network.securitygroups;

import dev.kumo.network.api.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Security groups and rules as Neutron writes them. */
final class SecurityGroupViews {

    private SecurityGroupViews() {
    }

    static Map<String, Object> group(SecurityGroup group, List<SecurityGroupRule> rules, List<String> tags) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id.toString());
        view.put("name", group.name);
        view.put("tenant_id", group.projectId);
        view.put("project_id", group.projectId);
        view.put("description", group.description);
        view.put("security_group_rules", rules.stream().map(SecurityGroupViews::rule).toList());
        view.put("stateful", group.stateful);
        view.put("tags", tags);
        view.put("created_at", Timestamps.format(group.createdAt));
        view.put("updated_at", Timestamps.format(group.updatedAt));
        view.put("revision_number", group.revisionNumber);
        return view;
    }

    static Map<String, Object> rule(SecurityGroupRule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id.toString());
        view.put("tenant_id", rule.projectId);
        view.put("project_id", rule.projectId);
        view.put("security_group_id", rule.securityGroupId.toString());
        view.put("direction", rule.direction);
        view.put("ethertype", rule.ethertype);
        view.put("protocol", rule.protocol);
        view.put("port_range_min", rule.portRangeMin);
        view.put("port_range_max", rule.portRangeMax);
        view.put("remote_ip_prefix", rule.remoteIpPrefix);
        view.put("remote_group_id", rule.remoteGroupId == null ? null : rule.remoteGroupId.toString());
        view.put("description", rule.description);
        view.put("created_at", Timestamps.format(rule.createdAt));
        view.put("updated_at", Timestamps.format(rule.updatedAt));
        view.put("revision_number", rule.revisionNumber);
        return view;
    }
}
