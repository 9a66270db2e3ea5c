package dev.kumo.network.securitygroups;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.api.Listing;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.quotas.Quotas;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v2.0/security-group-rules}: rules are created and deleted, never changed (as in Neutron). */
@Path("/v2.0/security-group-rules")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecurityGroupRuleResource {

    private final Caller caller;
    private final SecurityGroupAccess access;
    private final DefaultSecurityGroup defaults;
    private final Quotas quotas;
    private final PortRuleUpdates portRules;
    private final Clock clock;

    @Context
    UriInfo uri;

    public SecurityGroupRuleResource(Caller caller, SecurityGroupAccess access, DefaultSecurityGroup defaults,
            Quotas quotas, PortRuleUpdates portRules, Clock clock) {
        this.caller = caller;
        this.access = access;
        this.defaults = defaults;
        this.quotas = quotas;
        this.portRules = portRules;
        this.clock = clock;
    }

    @GET
    @Transactional
    public Map<String, Object> list() {
        defaults.of(caller.projectId());
        return Listing.render("security_group_rules",
                access.visibleRules().stream().map(SecurityGroupViews::rule).toList(), uri);
    }

    @GET
    @Path("{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("security_group_rule", Listing.fields(SecurityGroupViews.rule(access.visibleRule(id)), uri));
    }

    @POST
    @Transactional
    public Response create(Map<String, Object> body) {
        caller.requireChange("create_security_group_rule");
        List<SecurityGroupRule> created = new ArrayList<>();
        for (Attributes request : Attributes.bulk(body, "security_group_rule", "security_group_rules")) {
            created.add(create(request.allowOnly(new HashSet<>(RuleValidation.ALLOWED))));
        }
        PortRuleChanges changes = new PortRuleChanges();
        created.forEach(rule -> changes.rulesOf(rule.securityGroupId));
        portRules.publish(changes);
        List<Map<String, Object>> views = created.stream().map(SecurityGroupViews::rule).toList();
        Object entity = body.containsKey("security_group_rules") ? Map.of("security_group_rules", views)
                : Map.of("security_group_rule", views.get(0));
        return Response.status(201).entity(entity).build();
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        SecurityGroupRule rule = access.visibleRule(id);
        caller.requireChange("delete_security_group_rule");
        rule.delete();
        portRules.publish(new PortRuleChanges().rulesOf(rule.securityGroupId));
        return Response.noContent().build();
    }

    private SecurityGroupRule create(Attributes request) {
        if (request.raw("security_group_id") == null) {
            throw NeutronError.badRequest("Failed to parse request. Required attribute 'security_group_id' not specified");
        }
        UUID groupId = RuleValidation.groupId(request.raw("security_group_id"));
        SecurityGroup group = access.visible(groupId);
        SecurityGroupRule rule = new SecurityGroupRule();
        RuleValidation.apply(request, rule);
        if (rule.remoteGroupId != null) {
            access.visible(rule.remoteGroupId);
        }
        for (SecurityGroupRule existing : SecurityGroupRule.ofGroup(group.id)) {
            if (existing.sameAs(rule)) {
                throw NeutronError.conflict("SecurityGroupRuleExists",
                        "Security group rule already exists. Rule id is " + existing.id + ".");
            }
        }
        quotas.claim(group.projectId, "security_group_rule", 1);
        Instant now = Instant.now(clock);
        rule.id = UUID.randomUUID();
        rule.securityGroupId = group.id;
        rule.projectId = request.has("project_id") || request.has("tenant_id") ? request.owner(caller) : group.projectId;
        rule.createdAt = now;
        rule.updatedAt = now;
        rule.persist();
        group.touch(now);
        return rule;
    }
}
