package dev.kumo.gateway.identity;

import dev.kumo.gateway.identity.KeycloakGroups.Group;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keystone's groups of users, kept in Keycloak as top-level groups {@code group:<domain id>:<name>} whose
 * members are the Keystone group's users. Ids are the Keycloak groups' without dashes.
 */
@ApplicationScoped
class Groups {

    static final String PREFIX = "group:";

    record UserGroup(String id, String name, String domainId, String description) {
    }

    private final KeycloakGroups groups;

    Groups(KeycloakGroups groups) {
        this.groups = groups;
    }

    List<UserGroup> list() {
        return groups.topLevel(PREFIX).stream().map(Groups::userGroup).toList();
    }

    List<UserGroup> inDomain(String domainId) {
        return groups.topLevel(PREFIX + domainId + ":").stream().map(Groups::userGroup).toList();
    }

    Optional<UserGroup> group(String id) {
        return groups.get(KeystoneIds.keycloak(id)).filter(g -> g.name().startsWith(PREFIX) && g.parentId() == null)
                .map(Groups::userGroup);
    }

    UserGroup require(String id) {
        return group(id).orElseThrow(() -> IdentityError.notFound("Could not find group: " + id + "."));
    }

    UserGroup create(String name, String domainId, String description) {
        Group group = groups.create(PREFIX + domainId + ":" + name, attributes(name, domainId, description),
                duplicate(name, domainId));
        return new UserGroup(KeystoneIds.of(group.id()), name, domainId, description);
    }

    UserGroup update(UserGroup group) {
        groups.update(new Group(KeystoneIds.keycloak(group.id()), PREFIX + group.domainId() + ":" + group.name(),
                attributes(group.name(), group.domainId(), group.description()), null),
                duplicate(group.name(), group.domainId()));
        return group;
    }

    void delete(String id) {
        groups.delete(KeystoneIds.keycloak(id));
    }

    List<String> members(String id) {
        return groups.members(KeystoneIds.keycloak(id));
    }

    void add(String id, String userId) {
        groups.join(userId, KeystoneIds.keycloak(id));
    }

    void remove(String id, String userId) {
        groups.leave(userId, KeystoneIds.keycloak(id));
    }

    /** The Keystone groups a user is in. */
    List<UserGroup> ofUser(String userId) {
        return groups.ofUser(userId).stream().filter(g -> g.name().startsWith(PREFIX) && g.parentId() == null)
                .map(Groups::userGroup).toList();
    }

    private static String duplicate(String name, String domainId) {
        return "Conflict occurred attempting to store group - Duplicate entry found with name " + name
                + " at domain ID " + domainId + ".";
    }

    private static Map<String, String> attributes(String name, String domainId, String description) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        attributes.put("domain_id", domainId);
        attributes.put("description", description);
        return attributes;
    }

    private static UserGroup userGroup(Group group) {
        return new UserGroup(KeystoneIds.of(group.id()), group.attribute("name"), group.attribute("domain_id"),
                group.attribute("description"));
    }
}
