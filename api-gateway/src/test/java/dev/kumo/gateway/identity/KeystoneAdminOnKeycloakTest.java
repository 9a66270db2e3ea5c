package dev.kumo.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Keystone's admin API on a real Keycloak: projects, domains, users, roles, role assignments and groups, as
 * Tempest's dynamic credentials and identity tests drive them. Everything lands in Keycloak, and a user made
 * this way logs in with the roles it was given.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(value = RealKeycloakTestResource.class, restrictToAnnotatedClass = true)
@EnabledIf("dev.kumo.gateway.identity.RealKeycloakTestResource#available")
class KeystoneAdminOnKeycloakTest {

    @Test
    void anAdminMakesAProjectAndAUserWithARoleThereWhoThenLogsInToIt() {
        String admin = token("admin", "admin");
        String projectId = create(admin, "projects", "project", """
                {"project": {"name": "%s", "description": "dynamic credentials", "domain_id": "default"}}"""
                .formatted(unique("tempest-Dyn")));
        String userName = unique("tempest-Dyn-User");
        String userId = create(admin, "users", "user", """
                {"user": {"name": "%s", "password": "s3cret-Pw", "domain_id": "default"}}""".formatted(userName));
        given().header("X-Auth-Token", admin).queryParam("name", "member").get("/identity/v3/roles").then()
                .statusCode(200).body("roles.id", equalTo(List.of("member")));

        String grant = "/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/member";
        given().header("X-Auth-Token", admin).put(grant).then().statusCode(204);
        given().header("X-Auth-Token", admin).head(grant).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles")
                .then().statusCode(200).body("roles.name", equalTo(List.of("member")));
        given().header("X-Auth-Token", admin).queryParam("user.id", userId).get("/identity/v3/role_assignments")
                .then().statusCode(200)
                .body("role_assignments.role.id", equalTo(List.of("member")))
                .body("role_assignments[0].scope.project.id", equalTo(projectId));
        given().header("X-Auth-Token", admin).get("/identity/v3/users/" + userId + "/projects").then()
                .statusCode(200).body("projects.id", equalTo(List.of(projectId)));

        Response login = authenticate(userName, "s3cret-Pw", "{\"project\": {\"id\": \"" + projectId + "\"}}");
        login.then().statusCode(201)
                .body("token.project.id", equalTo(projectId))
                .body("token.roles.name", equalTo(List.of("member")));

        given().header("X-Auth-Token", admin).delete(grant).then().statusCode(204);
        given().header("X-Auth-Token", admin).delete(grant).then().statusCode(404).body("error.code", equalTo(404));
        given().header("X-Auth-Token", admin).delete("/identity/v3/users/" + userId).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/users/" + userId).then().statusCode(404);
        given().header("X-Auth-Token", admin).delete("/identity/v3/projects/" + projectId).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/projects/" + projectId).then().statusCode(404);
    }

    @Test
    void projectsAreCreatedChangedListedAndDeletedWithKeystonesErrors() {
        String admin = token("admin", "admin");
        String name = unique("proj");
        String id = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + name + "\"}}");
        post(admin, "projects", "{\"project\": {\"name\": \"" + name + "\"}}").then().statusCode(409)
                .body("error.title", equalTo("Conflict"));
        post(admin, "projects", "{\"project\": {}}").then().statusCode(400).body("error.code", equalTo(400));
        post(admin, "projects", "{\"project\": {\"name\": \"" + "p".repeat(65) + "\"}}").then().statusCode(400);
        post(admin, "projects", "{\"project\": {\"name\": \"x\", \"domain_id\": \"nowhere\"}}").then()
                .statusCode(404);
        post(token("alice", "alice"), "projects", "{\"project\": {\"name\": \"" + unique("p") + "\"}}").then()
                .statusCode(403).body("error.message", containsString("identity:create_project"));

        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body("{\"project\": {\"name\": \"" + name + "-2\", \"description\": \"d2\", \"enabled\": false}}")
                .patch("/identity/v3/projects/" + id).then().statusCode(200)
                .body("project.name", equalTo(name + "-2")).body("project.enabled", equalTo(false));
        given().header("X-Auth-Token", admin).get("/identity/v3/projects/" + id).then().statusCode(200)
                .body("project.description", equalTo("d2")).body("project.domain_id", equalTo("default"));
        given().header("X-Auth-Token", admin).queryParam("name", name + "-2").get("/identity/v3/projects").then()
                .statusCode(200).body("projects.id", equalTo(List.of(id)));
        given().header("X-Auth-Token", admin).delete("/identity/v3/projects/" + id).then().statusCode(204);
        given().header("X-Auth-Token", admin).delete("/identity/v3/projects/" + id).then().statusCode(404);
    }

    @Test
    void domainsHoldProjectsAndGoOnlyOnceDisabled() {
        String admin = token("admin", "admin");
        String name = unique("dom");
        String id = create(admin, "domains", "domain", "{\"domain\": {\"name\": \"" + name + "\"}}");
        post(admin, "domains", "{\"domain\": {\"name\": \"" + name + "\"}}").then().statusCode(409);
        given().header("X-Auth-Token", admin).queryParam("name", name).get("/identity/v3/domains").then()
                .statusCode(200).body("domains.id", equalTo(List.of(id)));
        String projectId = create(admin, "projects", "project",
                "{\"project\": {\"name\": \"in-" + name + "\", \"domain_id\": \"" + id + "\"}}");
        given().header("X-Auth-Token", admin).get("/identity/v3/projects/" + projectId).then()
                .body("project.domain_id", equalTo(id));

        String userName = unique("in-dom");
        create(admin, "users", "user", "{\"user\": {\"name\": \"" + userName + "\", \"password\": \"dom-pw-1\","
                + " \"domain_id\": \"" + id + "\", \"default_project_id\": \"" + projectId + "\"}}");
        given().contentType(ContentType.JSON).body("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"name": "%s"}, "password": "dom-pw-1"}}}}}""".formatted(userName, name))
                .post("/identity/v3/auth/tokens").then().statusCode(201).body("token.project.id", equalTo(projectId));
        given().contentType(ContentType.JSON).body("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice",
                 "domain": {"name": "%s"}, "password": "alice"}}}}}""".formatted(name))
                .post("/identity/v3/auth/tokens").then().statusCode(401);
        given().contentType(ContentType.JSON).body("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alice",
                 "domain": {"name": "Elsewhere"}, "password": "alice"}}}}}""")
                .post("/identity/v3/auth/tokens").then().statusCode(401);

        given().header("X-Auth-Token", admin).delete("/identity/v3/domains/" + id).then().statusCode(403);
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body("{\"domain\": {\"enabled\": false}}").patch("/identity/v3/domains/" + id).then()
                .statusCode(200).body("domain.enabled", equalTo(false));
        given().header("X-Auth-Token", admin).delete("/identity/v3/domains/" + id).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/domains/" + id).then().statusCode(404);
        given().header("X-Auth-Token", admin).get("/identity/v3/projects/" + projectId).then().statusCode(404);
        given().header("X-Auth-Token", admin).delete("/identity/v3/domains/default").then().statusCode(403);
    }

    @Test
    void customRolesAreCreatedAssignedRenamedAndDeleted() {
        String admin = token("admin", "admin");
        String name = unique("role");
        given().header("X-Auth-Token", admin).get("/identity/v3/roles").then().statusCode(200)
                .body("roles.id", hasItems("admin", "member", "reader"));
        given().header("X-Auth-Token", token("alice", "alice")).get("/identity/v3/roles").then().statusCode(403);
        String roleId = create(admin, "roles", "role", "{\"role\": {\"name\": \"" + name + "\"}}");
        given().header("X-Auth-Token", admin).get("/identity/v3/roles").then()
                .body("roles.name", hasItems("admin", "member", "reader", name));
        post(admin, "roles", "{\"role\": {\"name\": \"" + name + "\"}}").then().statusCode(409);
        post(admin, "roles", "{\"role\": {\"name\": \"member\"}}").then().statusCode(409);
        String projectId = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + unique("p") + "\"}}");
        String userId = create(admin, "users", "user", """
                {"user": {"name": "%s", "password": "pw-123456", "default_project_id": "%s", "email": "u@example.org"}}"""
                .formatted(unique("u"), projectId));
        given().header("X-Auth-Token", admin).get("/identity/v3/users/" + userId).then().statusCode(200)
                .body("user.default_project_id", equalTo(projectId)).body("user.email", equalTo("u@example.org"));

        given().header("X-Auth-Token", admin)
                .put("/identity/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId).then()
                .statusCode(204);
        given().header("X-Auth-Token", admin).queryParam("scope.project.id", projectId).queryParam("include_names", "1")
                .get("/identity/v3/role_assignments").then().statusCode(200)
                .body("role_assignments.role.name", equalTo(List.of(name)));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body("{\"role\": {\"name\": \"" + name + "-renamed\"}}").patch("/identity/v3/roles/" + roleId)
                .then().statusCode(200).body("role.name", equalTo(name + "-renamed"));
        given().header("X-Auth-Token", admin).get("/identity/v3/roles/" + roleId).then().statusCode(200)
                .body("role.id", equalTo(roleId));
        given().header("X-Auth-Token", admin).delete("/identity/v3/roles/" + roleId).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/roles/" + roleId).then().statusCode(404);
        given().header("X-Auth-Token", admin).delete("/identity/v3/roles/admin").then().statusCode(403);
    }

    @Test
    void groupsHaveMembersAndPassTheirRolesOnAsEffectiveAssignments() {
        String admin = token("admin", "admin");
        String groupId = create(admin, "groups", "group", "{\"group\": {\"name\": \"" + unique("g") + "\"}}");
        String userId = create(admin, "users", "user", "{\"user\": {\"name\": \"" + unique("gu") + "\"}}");
        String projectId = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + unique("gp") + "\"}}");
        String member = "/identity/v3/groups/" + groupId + "/users/" + userId;

        given().header("X-Auth-Token", admin).head(member).then().statusCode(404);
        given().header("X-Auth-Token", admin).put(member).then().statusCode(204);
        given().header("X-Auth-Token", admin).head(member).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/groups/" + groupId + "/users").then()
                .statusCode(200).body("users.id", equalTo(List.of(userId)));
        given().header("X-Auth-Token", admin).get("/identity/v3/users/" + userId + "/groups").then()
                .statusCode(200).body("groups.id", equalTo(List.of(groupId)));

        given().header("X-Auth-Token", admin)
                .put("/identity/v3/projects/" + projectId + "/groups/" + groupId + "/roles/reader").then()
                .statusCode(204);
        given().header("X-Auth-Token", admin).queryParam("scope.project.id", projectId)
                .get("/identity/v3/role_assignments").then().statusCode(200)
                .body("role_assignments.group.id", equalTo(List.of(groupId)));
        given().header("X-Auth-Token", admin).queryParam("scope.project.id", projectId).queryParam("effective", "")
                .get("/identity/v3/role_assignments").then().statusCode(200)
                .body("role_assignments.user.id", equalTo(List.of(userId)));

        given().header("X-Auth-Token", admin).delete(member).then().statusCode(204);
        given().header("X-Auth-Token", admin).head(member).then().statusCode(404);
        given().header("X-Auth-Token", admin).delete("/identity/v3/groups/" + groupId).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/groups/" + groupId).then().statusCode(404);
    }

    @Test
    void aUserWithRolesOnTwoProjectsLogsInToEither() {
        String admin = token("admin", "admin");
        String first = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + unique("one") + "\"}}");
        String secondName = unique("two");
        String second = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + secondName + "\"}}");
        String userName = unique("both");
        String userId = create(admin, "users", "user",
                "{\"user\": {\"name\": \"" + userName + "\", \"password\": \"pw-both-1\"}}");
        for (String project : List.of(first, second)) {
            given().header("X-Auth-Token", admin)
                    .put("/identity/v3/projects/" + project + "/users/" + userId + "/roles/member").then()
                    .statusCode(204);
        }
        String firstToken = authenticate(userName, "pw-both-1", "{\"project\": {\"id\": \"" + first + "\"}}")
                .then().statusCode(201).body("token.project.id", equalTo(first)).extract().header("X-Subject-Token");
        given().header("X-Auth-Token", firstToken).get("/identity/v3/auth/projects").then().statusCode(200)
                .body("projects.id", hasItems(first, second));
        authenticate(userName, "pw-both-1", "{\"project\": {\"name\": \"" + secondName
                + "\", \"domain\": {\"id\": \"default\"}}}").then().statusCode(201)
                .body("token.project.id", equalTo(second));
        String unrelated = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + unique("no") + "\"}}");
        authenticate(userName, "pw-both-1", "{\"project\": {\"id\": \"" + unrelated + "\"}}").then().statusCode(401);
        given().header("X-Auth-Token", admin).get("/identity/v3/users/" + userId + "/projects").then()
                .body("projects.id", hasItem(first)).body("projects.id", hasItem(second))
                .body("projects.id", not(hasItem(unrelated)));
    }

    @Test
    void rolesImplyOthersAndRolesAreHeldOnTheSystem() {
        String admin = token("admin", "admin");
        String prior = create(admin, "roles", "role", "{\"role\": {\"name\": \"" + unique("prior") + "\"}}");
        String implied = create(admin, "roles", "role", "{\"role\": {\"name\": \"" + unique("implied") + "\"}}");
        String rule = "/identity/v3/roles/" + prior + "/implies/" + implied;
        given().header("X-Auth-Token", admin).head(rule).then().statusCode(404);
        given().header("X-Auth-Token", admin).put(rule).then().statusCode(201)
                .body("role_inference.prior_role.id", equalTo(prior))
                .body("role_inference.implies.id", equalTo(implied));
        given().header("X-Auth-Token", admin).head(rule).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/roles/" + prior + "/implies").then().statusCode(200)
                .body("role_inference.implies.id", equalTo(List.of(implied)));
        given().header("X-Auth-Token", admin).get("/identity/v3/role_inferences").then().statusCode(200)
                .body("role_inferences.prior_role.id", hasItem(prior));
        String projectId = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + unique("impl") + "\"}}");
        String holder = create(admin, "users", "user", "{\"user\": {\"name\": \"" + unique("holder") + "\"}}");
        given().header("X-Auth-Token", admin).put("/identity/v3/projects/" + projectId + "/users/" + holder + "/roles/"
                + prior).then().statusCode(204);
        given().header("X-Auth-Token", admin).queryParam("user.id", holder).queryParam("effective", "true")
                .get("/identity/v3/role_assignments").then().statusCode(200)
                .body("role_assignments.role.id", hasItems(prior, implied));
        given().header("X-Auth-Token", admin).delete(rule).then().statusCode(204);
        given().header("X-Auth-Token", admin).get(rule).then().statusCode(404);
        String domainRole = create(admin, "roles", "role", "{\"role\": {\"name\": \"" + unique("dr")
                + "\", \"domain_id\": \"default\"}}");
        given().header("X-Auth-Token", admin).put("/identity/v3/roles/" + prior + "/implies/" + domainRole).then()
                .statusCode(403);
        given().header("X-Auth-Token", admin).put("/identity/v3/roles/admin/implies/" + implied).then()
                .statusCode(403);

        String userId = create(admin, "users", "user", "{\"user\": {\"name\": \"" + unique("sys") + "\"}}");
        String system = "/identity/v3/system/users/" + userId + "/roles/" + prior;
        given().header("X-Auth-Token", admin).put(system).then().statusCode(204);
        given().header("X-Auth-Token", admin).head(system).then().statusCode(204);
        given().header("X-Auth-Token", admin).get("/identity/v3/system/users/" + userId + "/roles").then()
                .statusCode(200).body("roles.id", equalTo(List.of(prior)));
        given().header("X-Auth-Token", admin).queryParam("user.id", userId).get("/identity/v3/role_assignments")
                .then().statusCode(200).body("role_assignments[0].scope.system.all", equalTo(true));
        given().header("X-Auth-Token", admin).delete(system).then().statusCode(204);
        given().header("X-Auth-Token", admin).head(system).then().statusCode(404);
    }

    @Test
    void theProjectsOfTheRealmsOwnUsersAreListedButManagedInKeycloak() {
        String admin = token("admin", "admin");
        String acme = "acbe4d7a2c1f4e0b9d3a6f1e2b7c8d90";
        given().header("X-Auth-Token", admin).get("/identity/v3/projects").then().statusCode(200)
                .body("projects.id", hasItem(acme));
        given().header("X-Auth-Token", admin).get("/identity/v3/projects/" + acme).then().statusCode(200)
                .body("project.name", equalTo("acme"));
        String userId = create(admin, "users", "user", "{\"user\": {\"name\": \"" + unique("acme-new") + "\"}}");
        given().header("X-Auth-Token", admin).put("/identity/v3/projects/" + acme + "/users/" + userId + "/roles/member")
                .then().statusCode(403);
        given().header("X-Auth-Token", admin).delete("/identity/v3/projects/" + acme).then().statusCode(403);
    }

    @Test
    void usersAreListedChangedAndChangeTheirOwnPassword() {
        String admin = token("admin", "admin");
        String name = unique("Mixed-Case");
        String userId = create(admin, "users", "user", "{\"user\": {\"name\": \"" + name
                + "\", \"password\": \"first-pw-1\", \"description\": \"d\"}}");
        post(admin, "users", "{\"user\": {\"name\": \"" + name + "\"}}").then().statusCode(409);
        given().header("X-Auth-Token", admin).queryParam("name", name).get("/identity/v3/users").then()
                .statusCode(200).body("users.id", equalTo(List.of(userId))).body("users[0].name", equalTo(name));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body("{\"user\": {\"enabled\": false, \"description\": \"d2\"}}").patch("/identity/v3/users/" + userId)
                .then().statusCode(200).body("user.enabled", equalTo(false)).body("user.description", equalTo("d2"));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body("{\"user\": {\"enabled\": true}}")
                .patch("/identity/v3/users/" + userId).then().statusCode(200);

        String own = authenticate(name, "first-pw-1", null).then().statusCode(201).extract().header("X-Subject-Token");
        given().header("X-Auth-Token", own).contentType(ContentType.JSON)
                .body("{\"user\": {\"original_password\": \"wrong\", \"password\": \"second-pw-2\"}}")
                .post("/identity/v3/users/" + userId + "/password").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{\"user\": {\"original_password\": \"first-pw-1\", \"password\": \"second-pw-2\"}}")
                .post("/identity/v3/users/" + userId + "/password").then().statusCode(204);
        authenticate(name, "second-pw-2", null).then().statusCode(201);
        given().header("X-Auth-Token", own).get("/identity/v3/users").then().statusCode(403);

        String projectId = create(admin, "projects", "project", "{\"project\": {\"name\": \"" + unique("up") + "\"}}");
        String renamed = unique("renamed");
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body("{\"user\": {\"name\": \"" + renamed + "\", \"project_id\": \"" + projectId
                        + "\", \"email\": \"user2@testmail.tm\"}}")
                .patch("/identity/v3/users/" + userId).then().statusCode(200)
                .body("user.name", equalTo(renamed)).body("user.project_id", equalTo(projectId))
                .body("user.email", equalTo("user2@testmail.tm"));
        authenticate(renamed, "second-pw-2", null).then().statusCode(201);
    }

    private static String create(String token, String collection, String kind, String body) {
        Response created = post(token, collection, body);
        created.then().statusCode(201);
        return created.path(kind + ".id");
    }

    private static Response post(String token, String collection, String body) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON).body(body)
                .post("/identity/v3/" + collection);
    }

    private static String token(String user, String password) {
        return authenticate(user, password, null).then().statusCode(201).extract().header("X-Subject-Token");
    }

    private static Response authenticate(String user, String password, String scope) {
        return given().contentType(ContentType.JSON).body("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"name": "Default"}, "password": "%s"}}}%s}}"""
                .formatted(user, password, scope == null ? "" : ", \"scope\": " + scope))
                .post("/identity/v3/auth/tokens");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
