package dev.kumo.gateway.identity;

import dev.kumo.gateway.identity.KeycloakGroups.Group;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keystone's domains and projects, kept in Keycloak as top-level groups ({@code domain:<name>},
 * {@code project:<domain id>:<name>}, so names are unique where Keystone wants them unique). Their ids are
 * the groups' ids without dashes. The domain {@code default} is built in and not stored.
 */
@ApplicationScoped
class Projects {

    static final String DOMAIN_PREFIX = "domain:";
    static final String PROJECT_PREFIX = "project:";

    record Domain(String id, String name, String description, boolean enabled) {
    }

    record Project(String id, String name, String domainId, String description, boolean enabled,
            String parentId) {
    }

    static final Domain DEFAULT = new Domain(PasswordAuthRequest.DEFAULT_DOMAIN_ID,
            PasswordAuthRequest.DEFAULT_DOMAIN_NAME, "The default domain", true);

    private final KeycloakGroups groups;
    private final Users users;

    Projects(KeycloakGroups groups, Users users) {
        this.groups = groups;
        this.users = users;
    }

    // ---- domains

    List<Domain> domains() {
        List<Domain> domains = new ArrayList<>();
        domains.add(DEFAULT);
        groups.topLevel(DOMAIN_PREFIX).stream().map(Projects::domain).forEach(domains::add);
        return domains;
    }

    Optional<Domain> domain(String id) {
        if (PasswordAuthRequest.DEFAULT_DOMAIN_ID.equals(id)) {
            return Optional.of(DEFAULT);
        }
        return groups.get(KeystoneIds.keycloak(id)).filter(g -> g.name().startsWith(DOMAIN_PREFIX))
                .map(Projects::domain);
    }

    Domain requireDomain(String id) {
        return domain(id).orElseThrow(() -> IdentityError.notFound("Could not find domain: " + id + "."));
    }

    Domain createDomain(String name, String description, boolean enabled) {
        if (name.equalsIgnoreCase(DEFAULT.name())) {
            throw new IdentityError(409, "Conflict occurred attempting to store domain - Duplicate entry.");
        }
        Group group = groups.create(DOMAIN_PREFIX + name, domainAttributes(description, enabled),
                "Conflict occurred attempting to store domain - Duplicate entry.");
        return new Domain(KeystoneIds.of(group.id()), name, description, enabled);
    }

    Domain updateDomain(Domain domain) {
        Group group = groups.get(KeystoneIds.keycloak(domain.id())).orElseThrow();
        groups.update(new Group(group.id(), DOMAIN_PREFIX + domain.name(),
                domainAttributes(domain.description(), domain.enabled()), null),
                "Conflict occurred attempting to update domain - Duplicate entry.");
        return domain;
    }

    /** Deletes a domain's record and its projects (the caller deletes its users and groups). */
    void deleteDomain(Domain domain) {
        for (Project project : projects(domain.id())) {
            deleteProject(project.id());
        }
        groups.delete(KeystoneIds.keycloak(domain.id()));
    }

    private static Map<String, String> domainAttributes(String description, boolean enabled) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("description", description);
        attributes.put("enabled", Boolean.toString(enabled));
        return attributes;
    }

    private static Domain domain(Group group) {
        return new Domain(KeystoneIds.of(group.id()), group.name().substring(DOMAIN_PREFIX.length()),
                group.attribute("description"), !"false".equals(group.attribute("enabled")));
    }

    // ---- projects

    /**
     * Every project, or a domain's when {@code domainId} is given: those kept as groups, and in the default
     * domain those that exist only as users' project attributes (the projects of the realm's own users).
     */
    List<Project> projects(String domainId) {
        String prefix = domainId == null ? PROJECT_PREFIX : PROJECT_PREFIX + domainId + ":";
        List<Project> projects = new ArrayList<>(groups.topLevel(prefix).stream().map(Projects::project).toList());
        if (domainId == null || domainId.equals(DEFAULT.id())) {
            Set<String> known = new HashSet<>();
            projects.forEach(project -> known.add(project.id()));
            for (Users.User user : users.list()) {
                if (user.projectId() != null && known.add(user.projectId())) {
                    projects.add(ofUsers(user.projectId(), user.projectName()));
                }
            }
        }
        return projects;
    }

    Optional<Project> project(String id) {
        Optional<Project> stored = groups.get(KeystoneIds.keycloak(id))
                .filter(g -> g.name().startsWith(PROJECT_PREFIX)).map(Projects::project);
        if (stored.isPresent() || id == null) {
            return stored;
        }
        return users.withProject(id).map(user -> ofUsers(id, user.projectName()));
    }

    /** Whether the project exists only as users' attributes: it cannot be changed or hold role assignments. */
    boolean onlyInUsers(Project project) {
        return groups.get(KeystoneIds.keycloak(project.id())).isEmpty();
    }

    private static Project ofUsers(String id, String name) {
        return new Project(id, name, DEFAULT.id(), null, true, DEFAULT.id());
    }

    Project requireProject(String id) {
        return project(id).orElseThrow(() -> IdentityError.notFound("Could not find project: " + id + "."));
    }

    Project createProject(String name, String domainId, String description, boolean enabled, String parentId) {
        Group group = groups.create(PROJECT_PREFIX + domainId + ":" + name,
                projectAttributes(name, domainId, description, enabled, parentId),
                "Conflict occurred attempting to store project - it is not permitted to have two projects with"
                        + " the same name in the same domain : " + name + ".");
        return new Project(KeystoneIds.of(group.id()), name, domainId, description, enabled, parentId);
    }

    Project updateProject(Project project) {
        groups.update(new Group(keycloakIdOf(project.id()), PROJECT_PREFIX + project.domainId() + ":" + project.name(),
                projectAttributes(project.name(), project.domainId(), project.description(), project.enabled(),
                        project.parentId()), null),
                "Conflict occurred attempting to update project - it is not permitted to have two projects with"
                        + " the same name in the same domain : " + project.name() + ".");
        return project;
    }

    void deleteProject(String id) {
        groups.delete(keycloakIdOf(id));
    }

    private static String keycloakIdOf(String id) {
        return KeystoneIds.keycloak(id);
    }

    private static Map<String, String> projectAttributes(String name, String domainId, String description,
            boolean enabled, String parentId) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        attributes.put("domain_id", domainId);
        attributes.put("description", description);
        attributes.put("enabled", Boolean.toString(enabled));
        attributes.put("parent_id", parentId);
        return attributes;
    }

    private static Project project(Group group) {
        String domainId = group.attribute("domain_id");
        String name = group.attribute("name");
        return new Project(KeystoneIds.of(group.id()), name, domainId, group.attribute("description"),
                !"false".equals(group.attribute("enabled")),
                group.attribute("parent_id") == null ? domainId : group.attribute("parent_id"));
    }
}
