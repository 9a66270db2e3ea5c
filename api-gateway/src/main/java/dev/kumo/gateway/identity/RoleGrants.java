package dev.kumo.gateway.identity;

import dev.kumo.gateway.identity.Assignments.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/**
 * Granting, checking, revoking and listing a user's or group's roles on a project or domain
 * ({@code /v3/projects/{p}/users/{u}/roles/{r}} and its siblings), for admins. A user granted a role on a
 * project while having no default project gets that project as default, since Kumo's tokens are scoped to it.
 */
@ApplicationScoped
class RoleGrants {

    private final Assignments assignments;
    private final Projects projects;
    private final Users users;
    private final Groups groups;
    private final Roles roles;

    RoleGrants(Assignments assignments, Projects projects, Users users, Groups groups, Roles roles) {
        this.assignments = assignments;
        this.projects = projects;
        this.users = users;
        this.groups = groups;
        this.roles = roles;
    }

    Response grant(Caller caller, Scope scope, String actor, String actorId, String roleId) {
        requireAdmin(caller, "identity:create_grant");
        requireScope(scope);
        Roles.Role role = roles.require(roleId);
        if (actor.equals("users")) {
            Users.User user = users.require(actorId);
            assignments.grantUser(user.id(), scope, role);
            if (scope.projectId() != null && user.projectId() == null) {
                Projects.Project project = projects.requireProject(scope.projectId());
                users.update(user.id(), null, null, null, null, project.id(), project.name());
            }
        } else {
            assignments.grantGroup(groups.require(actorId).id(), scope, role);
        }
        return Response.noContent().build();
    }

    Response check(Caller caller, Scope scope, String actor, String actorId, String roleId) {
        requireAdmin(caller, "identity:check_grant");
        requireScope(scope);
        roles.require(roleId);
        requireActor(actor, actorId);
        boolean held = actor.equals("users") ? assignments.holds(actorId, null, scope, roleId)
                : assignments.holds(null, actorId, scope, roleId);
        if (!held) {
            throw IdentityError.notFound("Could not find role assignment with role: " + roleId + ".");
        }
        return Response.noContent().build();
    }

    Response revoke(Caller caller, Scope scope, String actor, String actorId, String roleId) {
        requireAdmin(caller, "identity:revoke_grant");
        requireScope(scope);
        roles.require(roleId);
        requireActor(actor, actorId);
        if (actor.equals("users")) {
            assignments.revoke(actorId, null, scope, roleId);
        } else {
            assignments.revoke(null, actorId, scope, roleId);
        }
        return Response.noContent().build();
    }

    Map<String, Object> list(Caller caller, Scope scope, String actor, String actorId, UriInfo uri) {
        requireAdmin(caller, "identity:list_grants");
        requireScope(scope);
        requireActor(actor, actorId);
        List<Map<String, Object>> held = assignments.on(scope).stream()
                .filter(a -> actor.equals("users") ? actorId.equals(a.userId()) : actorId.equals(a.groupId()))
                .map(a -> roles.role(a.roleId()).orElse(null))
                .filter(role -> role != null)
                .map(role -> RoleResource.body(role, uri)).toList();
        return Map.of("roles", held, "links", KeystoneLinks.collection(uri));
    }

    private void requireScope(Scope scope) {
        if (scope.system()) {
            return;
        }
        if (scope.projectId() != null) {
            if (projects.onlyInUsers(projects.requireProject(scope.projectId()))) {
                throw new IdentityError(403, "The project " + scope.projectId() + " is defined by its users'"
                        + " attributes in Keycloak; its roles are managed there.");
            }
        } else {
            projects.requireDomain(scope.domainId());
        }
    }

    private void requireActor(String actor, String actorId) {
        if (actor.equals("users")) {
            users.require(actorId);
        } else {
            groups.require(actorId);
        }
    }

    private static void requireAdmin(Caller caller, String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }
}
