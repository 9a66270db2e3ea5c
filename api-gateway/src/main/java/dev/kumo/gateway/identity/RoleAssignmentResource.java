package dev.kumo.gateway.identity;

import dev.kumo.gateway.identity.Assignments.Assignment;
import dev.kumo.gateway.identity.Assignments.Scope;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v3/role_assignments}: who holds which role where, filtered by user, group, role and scope;
 * {@code effective} replaces a group's assignments by its members' (as Keystone does), for admins.
 */
@Path("/identity/v3/role_assignments")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RoleAssignmentResource {

    private final Caller caller;
    private final Assignments assignments;
    private final Projects projects;
    private final Groups groups;
    private final Roles roles;
    private final Users users;

    @Context
    UriInfo uri;

    public RoleAssignmentResource(Caller caller, Assignments assignments, Projects projects, Groups groups,
            Roles roles, Users users) {
        this.caller = caller;
        this.assignments = assignments;
        this.projects = projects;
        this.groups = groups;
        this.roles = roles;
        this.users = users;
    }

    @GET
    public Map<String, Object> list(@QueryParam("user.id") String userId, @QueryParam("group.id") String groupId,
            @QueryParam("role.id") String roleId, @QueryParam("scope.project.id") String projectId,
            @QueryParam("scope.domain.id") String domainId, @QueryParam("scope.system") String system) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden("identity:list_role_assignments");
        }
        boolean expand = flag("effective");
        List<Assignment> found = new ArrayList<>();
        for (Assignment assignment : candidates(userId, projectId, domainId, expand)) {
            if (expand && assignment.groupId() != null) {
                for (String member : groups.members(assignment.groupId())) {
                    found.add(new Assignment(assignment.roleId(), member, null, assignment.scope()));
                }
            } else {
                found.add(assignment);
            }
        }
        if (expand) {
            found = withImpliedRoles(found);
        }
        boolean names = flag("include_names");
        return Map.of("role_assignments", found.stream()
                .filter(a -> userId == null || userId.equals(a.userId()))
                .filter(a -> groupId == null || groupId.equals(a.groupId()))
                .filter(a -> roleId == null || roleId.equals(a.roleId()))
                .filter(a -> projectId == null || projectId.equals(a.scope().projectId()))
                .filter(a -> domainId == null || domainId.equals(a.scope().domainId()))
                .filter(a -> system == null || a.scope().system())
                .distinct()
                .map(a -> body(a, names)).toList(), "links", KeystoneLinks.collection(uri));
    }

    /** Effective assignments include the roles the assigned roles imply, as Keystone's tokens do. */
    private List<Assignment> withImpliedRoles(List<Assignment> assignments) {
        Map<String, List<String>> implied = new LinkedHashMap<>();
        List<Assignment> all = new ArrayList<>(assignments);
        for (Assignment assignment : assignments) {
            List<String> more = implied.computeIfAbsent(assignment.roleId(), id -> roles.role(id)
                    .map(role -> roles.implied(role).stream().map(Roles.Role::id).toList()).orElse(List.of()));
            for (String roleId : more) {
                all.add(new Assignment(roleId, assignment.userId(), assignment.groupId(), assignment.scope()));
            }
        }
        return all;
    }

    /** A flag as Keystone reads one: present without a value ({@code ?effective}) or with any but false/0. */
    private boolean flag(String name) {
        List<String> values = uri.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return false;
        }
        String value = values.get(0);
        return value == null || !(value.equalsIgnoreCase("false") || value.equals("0"));
    }

    /** The assignments worth filtering: a user's own (and, when effective, their groups'), or a scope's, or all. */
    private List<Assignment> candidates(String userId, String projectId, String domainId, boolean expand) {
        if (projectId != null) {
            return projects.project(projectId).isPresent() ? assignments.on(Scope.project(projectId)) : List.of();
        }
        if (domainId != null) {
            return projects.domain(domainId).isPresent() ? assignments.on(Scope.domain(domainId)) : List.of();
        }
        if (userId != null && !expand) {
            return assignments.ofUser(userId);
        }
        List<Scope> scopes = new ArrayList<>();
        projects.projects(null).forEach(project -> scopes.add(Scope.project(project.id())));
        projects.domains().forEach(domain -> scopes.add(Scope.domain(domain.id())));
        scopes.add(Scope.SYSTEM);
        return assignments.all(scopes);
    }

    private Map<String, Object> body(Assignment assignment, boolean names) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("id", assignment.roleId());
        if (names) {
            roles.role(assignment.roleId()).ifPresent(r -> role.put("name", r.name()));
        }
        body.put("role", role);
        Map<String, Object> actor = new LinkedHashMap<>();
        String actorPath;
        if (assignment.userId() != null) {
            actor.put("id", assignment.userId());
            if (names) {
                users.user(assignment.userId()).ifPresent(u -> {
                    actor.put("name", u.name());
                    actor.put("domain", Map.of("id", u.domainId()));
                });
            }
            body.put("user", actor);
            actorPath = "/users/" + assignment.userId();
        } else {
            actor.put("id", assignment.groupId());
            if (names) {
                groups.group(assignment.groupId()).ifPresent(g -> actor.put("name", g.name()));
            }
            body.put("group", actor);
            actorPath = "/groups/" + assignment.groupId();
        }
        Map<String, Object> target = new LinkedHashMap<>();
        String scopePath;
        if (assignment.scope().projectId() != null) {
            target.put("id", assignment.scope().projectId());
            if (names) {
                projects.project(assignment.scope().projectId()).ifPresent(p -> {
                    target.put("name", p.name());
                    target.put("domain", Map.of("id", p.domainId()));
                });
            }
            body.put("scope", Map.of("project", target));
            scopePath = "/projects/" + assignment.scope().projectId();
        } else if (assignment.scope().system()) {
            body.put("scope", Map.of("system", Map.of("all", true)));
            scopePath = "/system";
        } else {
            target.put("id", assignment.scope().domainId());
            if (names) {
                projects.domain(assignment.scope().domainId()).ifPresent(d -> target.put("name", d.name()));
            }
            body.put("scope", Map.of("domain", target));
            scopePath = "/domains/" + assignment.scope().domainId();
        }
        body.put("links", Map.of("assignment", KeystoneLinks.base(uri) + "/identity/v3" + scopePath + actorPath
                + "/roles/" + assignment.roleId()));
        return body;
    }
}
