package dev.kumo.network.securitygroups;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.api.Listing;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.ports.Port;
import dev.kumo.network.quotas.Quotas;
import dev.kumo.network.tags.Tags;
import io.quarkus.security.Authenticated;
import dev.kumo.network.tags.TagResource;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code /v2.0/security-groups}: a project's groups, its default group made on first sight. */
@Path("/v2.0/security-groups")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecurityGroupResource {

    private static final Set<String> CREATABLE = Set.of("name", "description", "stateful", "tenant_id", "project_id");
    private static final Set<String> UPDATABLE = Set.of("name", "description", "stateful");

    private final Caller caller;
    private final SecurityGroupAccess access;
    private final DefaultSecurityGroup defaults;
    private final Quotas quotas;
    private final Tags tags;
    private final Clock clock;

    @Context
    UriInfo uri;

    @Inject
    TagResource tagResource;

    public SecurityGroupResource(Caller caller, SecurityGroupAccess access, DefaultSecurityGroup defaults, Quotas quotas,
            Tags tags, Clock clock) {
        this.caller = caller;
        this.access = access;
        this.defaults = defaults;
        this.quotas = quotas;
        this.tags = tags;
        this.clock = clock;
    }

    @GET
    @Transactional
    public Map<String, Object> list() {
        defaults.of(listedProject());
        return Listing.render("security_groups", views(access.visibleGroups()), uri);
    }

    /** As in Neutron, an admin listing one project's groups makes that project's default group, if missing. */
    private String listedProject() {
        if (caller.isAdmin()) {
            for (String filter : new String[] {"project_id", "tenant_id"}) {
                String project = uri.getQueryParameters().getFirst(filter);
                if (project != null && !project.isBlank()) {
                    return project;
                }
            }
        }
        return caller.projectId();
    }

    @GET
    @Path("{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("security_group", Listing.fields(views(List.of(access.visible(id))).get(0), uri));
    }

    @POST
    @Transactional
    public Response create(Map<String, Object> body) {
        caller.requireChange("create_security_group");
        List<SecurityGroup> created = new ArrayList<>();
        for (Attributes request : Attributes.bulk(body, "security_group", "security_groups")) {
            created.add(create(request.allowOnly(CREATABLE)));
        }
        List<Map<String, Object>> views = views(created);
        Object entity = body.containsKey("security_groups") ? Map.of("security_groups", views)
                : Map.of("security_group", views.get(0));
        return Response.status(201).entity(entity).build();
    }

    @PUT
    @Path("{id}")
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        SecurityGroup group = access.owned(id, "update_security_group");
        Attributes changes = Attributes.single(body, "security_group")
                .readOnly("id", "tenant_id", "project_id", "security_group_rules").allowOnly(UPDATABLE);
        String name = changes.string("name");
        if (group.isDefault && name != null && !name.equals(group.name)) {
            throw NeutronError.conflict("SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.");
        }
        if (!group.isDefault && "default".equals(name)) {
            throw NeutronError.conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
        }
        group.name = name != null ? name : group.name;
        group.description = changes.string("description", group.description);
        group.stateful = changes.bool("stateful", group.stateful);
        group.touch(Instant.now(clock));
        return Map.of("security_group", views(List.of(group)).get(0));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        SecurityGroup group = access.owned(id, "delete_security_group");
        if (group.isDefault && !caller.isAdmin()) {
            throw NeutronError.conflict("SecurityGroupCannotRemoveDefault",
                    "Insufficient rights for removing default security group.");
        }
        long ports = Port.count("select count(p) from Port p join p.securityGroups g where g = ?1", group.id);
        if (ports > 0) {
            throw NeutronError.inUse("SecurityGroupInUse", "Security Group " + group.id + " in use.");
        }
        SecurityGroupRule.delete("remoteGroupId = ?1 or securityGroupId = ?1", group.id);
        tags.removeAll(group.id);
        group.delete();
        return Response.noContent().build();
    }

    private SecurityGroup create(Attributes request) {
        String projectId = request.owner(caller);
        String name = request.string("name", "");
        if (name.equals("default")) {
            throw NeutronError.conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
        }
        defaults.of(projectId);
        quotas.claim(projectId, "security_group", 1);
        Instant now = Instant.now(clock);
        SecurityGroup group = new SecurityGroup();
        group.id = UUID.randomUUID();
        group.projectId = projectId;
        group.name = name;
        group.description = request.string("description", "");
        group.stateful = request.bool("stateful", true);
        group.createdAt = now;
        group.updatedAt = now;
        group.persist();
        // Neutron gives every new group rules that let all traffic out.
        for (String ethertype : new String[] {"IPv4", "IPv6"}) {
            SecurityGroupRule rule = new SecurityGroupRule();
            rule.id = UUID.randomUUID();
            rule.securityGroupId = group.id;
            rule.projectId = projectId;
            rule.direction = "egress";
            rule.ethertype = ethertype;
            rule.description = "";
            rule.createdAt = now;
            rule.updatedAt = now;
            rule.persist();
        }
        return group;
    }

    private List<Map<String, Object>> views(List<SecurityGroup> groups) {
        List<UUID> ids = groups.stream().map(group -> group.id).toList();
        Map<UUID, List<SecurityGroupRule>> rules = ids.isEmpty() ? Map.of()
                : SecurityGroupRule.<SecurityGroupRule>list("securityGroupId in ?1 order by createdAt, id", ids).stream()
                        .collect(Collectors.groupingBy(rule -> rule.securityGroupId));
        Map<UUID, List<String>> allTags = tags.forAll(ids);
        return groups.stream().map(group -> SecurityGroupViews.group(group, rules.getOrDefault(group.id, List.of()),
                allTags.getOrDefault(group.id, List.of()))).toList();
    }

    /** {@code {id}/tags}: the tags of this resource. */
    @Path("{id}/tags")
    public TagResource tags() {
        return tagResource;
    }
}
