package dev.kumo.gateway.identity;

import dev.kumo.gateway.identity.KeycloakGroups.Group;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keystone's role assignments, kept in Keycloak: a role on a project (or domain) is a subgroup
 * {@code role:<role id>} of the project's group that holds the role; users with the role there are its
 * members, so Keycloak puts the role into their tokens; Keystone groups with it are listed in the subgroup's
 * attribute {@code groups}. The default domain's subgroups hang below a group {@code scope:default}, the
 * system's below {@code scope:system}.
 */
@ApplicationScoped
class Assignments {

    static final String ROLE_PREFIX = "role:";
    private static final String DEFAULT_DOMAIN_SCOPE = "scope:default";
    private static final String SYSTEM_SCOPE = "scope:system";

    /** Where a role is held: a project, a domain, or the whole system (then both ids are null). */
    record Scope(String projectId, String domainId) {

        static final Scope SYSTEM = new Scope(null, null);

        static Scope project(String id) {
            return new Scope(id, null);
        }

        static Scope domain(String id) {
            return new Scope(null, id);
        }

        boolean system() {
            return projectId == null && domainId == null;
        }
    }

    /** Who holds which role where: a user or a group (one of the two is null). */
    record Assignment(String roleId, String userId, String groupId, Scope scope) {
    }

    private final KeycloakGroups groups;

    Assignments(KeycloakGroups groups) {
        this.groups = groups;
    }

    void grantUser(String userId, Scope scope, Roles.Role role) {
        groups.join(userId, roleGroup(scope, role).id());
    }

    void grantGroup(String groupId, Scope scope, Roles.Role role) {
        Group holder = roleGroup(scope, role);
        Set<String> holders = groupIds(holder);
        if (holders.add(groupId)) {
            groups.update(withGroups(holder, holders), "Conflict occurred attempting to assign a role.");
        }
    }

    /** Whether the user (or group) holds the role there. */
    boolean holds(String userId, String groupId, Scope scope, String roleId) {
        return existingRoleGroup(scope, roleId)
                .map(holder -> userId != null ? groups.members(holder.id()).contains(userId)
                        : groupIds(holder).contains(groupId))
                .orElse(false);
    }

    /** Revokes a role; a 404 when it was not held. */
    void revoke(String userId, String groupId, Scope scope, String roleId) {
        if (!holds(userId, groupId, scope, roleId)) {
            throw IdentityError.notFound("Could not find role assignment with role: " + roleId + ".");
        }
        Group holder = existingRoleGroup(scope, roleId).orElseThrow();
        if (userId != null) {
            groups.leave(userId, holder.id());
        } else {
            Set<String> holders = groupIds(holder);
            holders.remove(groupId);
            groups.update(withGroups(holder, holders), "Conflict occurred attempting to revoke a role.");
        }
    }

    /** Every assignment on this scope. */
    List<Assignment> on(Scope scope) {
        Optional<String> container = container(scope, false);
        if (container.isEmpty()) {
            return List.of();
        }
        List<Assignment> assignments = new ArrayList<>();
        for (Group holder : groups.children(container.get())) {
            if (!holder.name().startsWith(ROLE_PREFIX)) {
                continue;
            }
            String roleId = holder.name().substring(ROLE_PREFIX.length());
            for (String member : groups.members(holder.id())) {
                assignments.add(new Assignment(roleId, member, null, scope));
            }
            for (String group : groupIds(holder)) {
                assignments.add(new Assignment(roleId, null, group, scope));
            }
        }
        return assignments;
    }

    /** The user's own assignments (not those through groups), from the groups they are in. */
    List<Assignment> ofUser(String userId) {
        List<Assignment> assignments = new ArrayList<>();
        for (Group holder : groups.ofUser(userId)) {
            if (!holder.name().startsWith(ROLE_PREFIX) || holder.parentId() == null) {
                continue;
            }
            scopeOf(holder.parentId()).ifPresent(scope -> assignments.add(new Assignment(
                    holder.name().substring(ROLE_PREFIX.length()), userId, null, scope)));
        }
        return assignments;
    }

    /** Every assignment on the given scopes. */
    List<Assignment> all(List<Scope> scopes) {
        List<Assignment> assignments = new ArrayList<>();
        for (Scope scope : scopes) {
            assignments.addAll(on(scope));
        }
        return assignments;
    }

    private Optional<Scope> scopeOf(String containerId) {
        return groups.get(containerId).map(container -> {
            if (container.name().startsWith(Projects.PROJECT_PREFIX)) {
                return Scope.project(KeystoneIds.of(container.id()));
            }
            if (container.name().startsWith(Projects.DOMAIN_PREFIX)) {
                return Scope.domain(KeystoneIds.of(container.id()));
            }
            if (container.name().equals(SYSTEM_SCOPE)) {
                return Scope.SYSTEM;
            }
            return container.name().equals(DEFAULT_DOMAIN_SCOPE)
                    ? Scope.domain(PasswordAuthRequest.DEFAULT_DOMAIN_ID) : null;
        });
    }

    private Group roleGroup(Scope scope, Roles.Role role) {
        String container = container(scope, true).orElseThrow();
        Optional<Group> existing = groups.child(container, ROLE_PREFIX + role.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        Group holder = groups.childOrNew(container, ROLE_PREFIX + role.id(), Map.of());
        groups.grant(holder.id(), role.keycloak(), role.clientUuid());
        return holder;
    }

    private Optional<Group> existingRoleGroup(Scope scope, String roleId) {
        return container(scope, false).flatMap(container -> groups.child(container, ROLE_PREFIX + roleId));
    }

    /** Keycloak's id of the group the scope's role groups hang below. */
    private Optional<String> container(Scope scope, boolean create) {
        if (scope.projectId() != null) {
            return Optional.of(KeystoneIds.keycloak(scope.projectId()));
        }
        if (scope.domainId() != null && !PasswordAuthRequest.DEFAULT_DOMAIN_ID.equals(scope.domainId())) {
            return Optional.of(KeystoneIds.keycloak(scope.domainId()));
        }
        String name = scope.system() ? SYSTEM_SCOPE : DEFAULT_DOMAIN_SCOPE;
        Optional<Group> existing = groups.topLevel(name).stream().filter(g -> g.name().equals(name)).findFirst();
        if (existing.isPresent() || !create) {
            return existing.map(Group::id);
        }
        return Optional.of(groups.create(name, Map.of("description", scope.system() ? "Roles on the whole system"
                : "Roles on Keystone's default domain"), "Conflict creating the group of " + name).id());
    }

    private static Set<String> groupIds(Group holder) {
        String value = holder.attribute("groups");
        Set<String> ids = new LinkedHashSet<>();
        if (value != null && !value.isBlank()) {
            ids.addAll(Arrays.asList(value.split(",")));
        }
        return ids;
    }

    private static Group withGroups(Group holder, Set<String> ids) {
        return new Group(holder.id(), holder.name(), Map.of("groups", String.join(",", ids)), holder.parentId());
    }
}
