package dev.kumo.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The Keystone facade against a real Keycloak (the realm of deploy/keycloak). Application credentials: each
 * is a Keycloak client whose tokens speak for its owner, in its project, with its roles, until it is deleted
 * or expires. Passwords: tokens as Tempest's identity tests expect them. And the openstack CLI, when installed,
 * drives both.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(value = RealKeycloakTestResource.class, restrictToAnnotatedClass = true)
@EnabledIf("dev.kumo.gateway.identity.RealKeycloakTestResource#available")
class IdentityOnKeycloakTest {

    private static final String ACME = "acbe4d7a2c1f4e0b9d3a6f1e2b7c8d90";

    @Test
    void aCredentialAuthenticatesAsItsOwnerUntilItIsDeleted() {
        Login alice = login("alice");
        String name = unique("ci");

        Response created = given().header("X-Auth-Token", alice.token).contentType(ContentType.JSON)
                .body("""
                        {"application_credential": {"name": "%s", "description": "the CI pipeline"}}""".formatted(name))
                .post(alice.credentialsPath());
        created.then().statusCode(201)
                .body("application_credential.name", equalTo(name))
                .body("application_credential.description", equalTo("the CI pipeline"))
                .body("application_credential.user_id", equalTo(alice.userId))
                .body("application_credential.project_id", equalTo(ACME))
                .body("application_credential.roles.name", containsInAnyOrder("member", "reader"))
                .body("application_credential.unrestricted", equalTo(false))
                .body("application_credential.expires_at", equalTo(null))
                .body("application_credential.secret", notNullValue());
        String id = created.path("application_credential.id");
        String secret = created.path("application_credential.secret");

        given().header("X-Auth-Token", alice.token).get(alice.credentialsPath() + "/" + id).then()
                .statusCode(200)
                .body("application_credential.id", equalTo(id))
                .body("application_credential", not(hasKey("secret")));
        given().header("X-Auth-Token", alice.token).queryParam("name", name).get(alice.credentialsPath()).then()
                .statusCode(200)
                .body("application_credentials.id", equalTo(List.of(id)))
                .body("application_credentials[0]", not(hasKey("secret")));

        Response issued = authenticate("""
                {"auth": {"identity": {"methods": ["application_credential"],
                 "application_credential": {"id": "%s", "secret": "%s"}}}}""".formatted(id, secret));
        issued.then().statusCode(201)
                .body("token.methods", equalTo(List.of("application_credential")))
                .body("token.user.id", equalTo(alice.userId))
                .body("token.user.name", equalTo("alice"))
                .body("token.user.domain.id", equalTo("default"))
                .body("token.project.id", equalTo(ACME))
                .body("token.project.name", equalTo("acme"))
                .body("token.roles.name", containsInAnyOrder("member", "reader"))
                .body("token.application_credential.id", equalTo(id))
                .body("token.application_credential.name", equalTo(name))
                .body("token.application_credential.restricted", equalTo(true))
                .body("token.catalog.type", hasItem("compute"));
        String credentialToken = issued.header("X-Subject-Token");

        given().header("X-Auth-Token", credentialToken).get("/compute/v2.1/servers").then().statusCode(200);
        given().header("X-Auth-Token", alice.token).header("X-Subject-Token", credentialToken)
                .get("/identity/v3/auth/tokens").then()
                .statusCode(200)
                .body("token.user.name", equalTo("alice"))
                .body("token.application_credential.id", equalTo(id));

        given().header("X-Auth-Token", alice.token).delete(alice.credentialsPath() + "/" + id).then().statusCode(204);

        given().header("X-Auth-Token", credentialToken).get("/compute/v2.1/servers").then()
                .statusCode(401)
                .body("error.code", equalTo(401))
                .body("error.title", equalTo("Unauthorized"));
        authenticate("""
                {"auth": {"identity": {"methods": ["application_credential"],
                 "application_credential": {"id": "%s", "secret": "%s"}}}}""".formatted(id, secret)).then()
                .statusCode(401)
                .body("error.code", equalTo(401));
        given().header("X-Auth-Token", alice.token).get(alice.credentialsPath() + "/" + id).then()
                .statusCode(404)
                .body("error.message", equalTo("Could not find application credential: " + id + "."));
    }

    @Test
    void aCredentialNamedByItsOwnerCarriesOnlyTheRolesItWasGivenAndCannotManageCredentials() {
        Login alice = login("alice");
        String name = unique("backup");
        given().header("X-Auth-Token", alice.token).contentType(ContentType.JSON)
                .body("""
                        {"application_credential": {"name": "%s", "secret": "chosen-secret",
                         "roles": [{"name": "reader"}]}}""".formatted(name))
                .post(alice.credentialsPath()).then()
                .statusCode(201)
                .body("application_credential.secret", equalTo("chosen-secret"))
                .body("application_credential.roles.name", equalTo(List.of("reader")));

        Response issued = authenticate("""
                {"auth": {"identity": {"methods": ["application_credential"],
                 "application_credential": {"name": "%s", "secret": "chosen-secret",
                  "user": {"name": "alice", "domain": {"name": "Default"}}}}}}""".formatted(name));
        issued.then().statusCode(201).body("token.roles.name", equalTo(List.of("reader")));
        String readerToken = issued.header("X-Subject-Token");

        given().header("X-Auth-Token", readerToken).contentType(ContentType.JSON)
                .body("""
                        {"server": {"name": "nope", "flavorRef": "42", "imageRef": "cirros"}}""")
                .post("/compute/v2.1/servers").then().statusCode(403);
        given().header("X-Auth-Token", readerToken).contentType(ContentType.JSON)
                .body("""
                        {"application_credential": {"name": "%s"}}""".formatted(unique("child")))
                .post(alice.credentialsPath()).then()
                .statusCode(403)
                .body("error.message", equalTo("Using method 'application_credential' is not allowed for "
                        + "managing additional application credentials."));
    }

    @Test
    void anExpiredCredentialNoLongerAuthenticatesNorDoItsTokensWork() throws Exception {
        Login alice = login("alice");
        Instant expiry = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        Response created = given().header("X-Auth-Token", alice.token).contentType(ContentType.JSON)
                .body("""
                        {"application_credential": {"name": "%s", "expires_at": "%s"}}"""
                        .formatted(unique("short"), expiry.toString().replace("Z", "")))
                .post(alice.credentialsPath());
        created.then().statusCode(201);
        assertEquals(expiry, Instant.parse(created.<String>path("application_credential.expires_at") + "Z"));
        String body = """
                {"auth": {"identity": {"methods": ["application_credential"],
                 "application_credential": {"id": "%s", "secret": "%s"}}}}""".formatted(
                created.<String>path("application_credential.id"), created.<String>path("application_credential.secret"));
        String token = authenticate(body).then().statusCode(201).extract().header("X-Subject-Token");

        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 500);

        authenticate(body).then().statusCode(401).body("error.title", equalTo("Unauthorized"));
        given().header("X-Auth-Token", token).get("/compute/v2.1/servers").then().statusCode(401);
    }

    @Test
    void credentialsAreTheirOwnersAlone() {
        Login alice = login("alice");
        String name = unique("private");
        String id = given().header("X-Auth-Token", alice.token).contentType(ContentType.JSON)
                .body("{\"application_credential\": {\"name\": \"" + name + "\"}}")
                .post(alice.credentialsPath()).then().statusCode(201).extract().path("application_credential.id");

        for (String other : new String[] {"bob", "admin"}) {
            String token = login(other).token;
            given().header("X-Auth-Token", token).get(alice.credentialsPath()).then().statusCode(404);
            given().header("X-Auth-Token", token).get(alice.credentialsPath() + "/" + id).then().statusCode(404);
            given().header("X-Auth-Token", token).delete(alice.credentialsPath() + "/" + id).then().statusCode(404);
        }
        given().header("X-Auth-Token", alice.token).get(alice.credentialsPath() + "/" + id).then().statusCode(200);
    }

    @Test
    void wrongSecretsDuplicateNamesAndBorrowedRolesAreRefused() {
        Login alice = login("alice");
        String name = unique("dup");
        String create = "{\"application_credential\": {\"name\": \"" + name + "\"}}";
        String id = given().header("X-Auth-Token", alice.token).contentType(ContentType.JSON).body(create)
                .post(alice.credentialsPath()).then().statusCode(201).extract().path("application_credential.id");

        given().header("X-Auth-Token", alice.token).contentType(ContentType.JSON).body(create)
                .post(alice.credentialsPath()).then().statusCode(409).body("error.title", equalTo("Conflict"));
        authenticate("""
                {"auth": {"identity": {"methods": ["application_credential"],
                 "application_credential": {"id": "%s", "secret": "wrong"}}}}""".formatted(id)).then()
                .statusCode(401)
                .header("WWW-Authenticate", notNullValue())
                .body("error.message", equalTo("The request you have made requires authentication."));

        Login carol = login("carol");
        given().header("X-Auth-Token", carol.token).contentType(ContentType.JSON)
                .body("{\"application_credential\": {\"name\": \"x\", \"roles\": [{\"id\": \"member\"}]}}")
                .post(carol.credentialsPath()).then().statusCode(404);
        given().header("X-Auth-Token", carol.token).get(carol.credentialsPath()).then()
                .statusCode(200).body("application_credentials", empty());
        given().header("X-Auth-Token", alice.token).queryParam("name", name).get(alice.credentialsPath()).then()
                .body("application_credentials", hasSize(1));
    }

    @Test
    void aTokenReadsTheSameWhenIssuedAndWhenValidatedAndIsGoneOnceRevoked() {
        // Tempest's test_validate_token and test_token_auth_creation_existence_deletion, and keystoneauth's token plugin
        Login alice = login("alice");
        Response issued = authenticate("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
                 "password": "alice"}}}}}""".formatted(alice.userId));
        issued.then().statusCode(201)
                .body("token.methods", equalTo(List.of("password")))
                .body("token.user.name", equalTo("alice"))
                .body("token.project.id", equalTo(ACME))
                .body("token.audit_ids", hasSize(1));
        String token = issued.header("X-Subject-Token");

        Response validated = given().header("X-Auth-Token", alice.token).header("X-Subject-Token", token)
                .get("/identity/v3/auth/tokens");
        validated.then().statusCode(200);
        assertEquals(issued.<Object>path("token"), validated.<Object>path("token"));
        String byToken = """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
                 "scope": {"project": {"id": "%s"}}}}""".formatted(token, ACME);
        authenticate(byToken).then()
                .statusCode(201)
                .header("X-Subject-Token", token)
                .body("token.methods", equalTo(List.of("token")))
                .body("token.project.id", equalTo(ACME));

        given().header("X-Auth-Token", alice.token).header("X-Subject-Token", token)
                .delete("/identity/v3/auth/tokens").then().statusCode(204);
        given().header("X-Auth-Token", alice.token).header("X-Subject-Token", token)
                .get("/identity/v3/auth/tokens").then().statusCode(404);
        authenticate(byToken).then().statusCode(401);
    }

    @Test
    void aTokenVerifiedOnceIsRememberedYetStillRefusedOnceRevokedAndNeverMatchedWhenAltered() {
        String token = login("alice").token;
        double hitsBefore = verifiedTokenHits();
        for (int i = 0; i < 3; i++) {
            given().header("X-Auth-Token", token).get("/compute/v2.1/servers").then().statusCode(200);
        }
        assertTrue(verifiedTokenHits() - hitsBefore >= 2, "the calls after the first are answered from memory");

        String altered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        given().header("X-Auth-Token", altered).get("/compute/v2.1/servers").then().statusCode(401);

        given().header("X-Auth-Token", token).header("X-Subject-Token", token)
                .delete("/identity/v3/auth/tokens").then().statusCode(204);
        given().header("X-Auth-Token", token).get("/compute/v2.1/servers").then().statusCode(401);
    }

    private static double verifiedTokenHits() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("kumo_verified_tokens_total{") && line.contains("cache=\"hit\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void adminsReadAnyUserFromKeycloak() {
        Login alice = login("alice");
        given().header("X-Auth-Token", login("admin").token).get("/identity/v3/users/" + alice.userId).then()
                .statusCode(200)
                .body("user.name", equalTo("alice"))
                .body("user.default_project_id", equalTo(ACME));
        given().header("X-Auth-Token", login("admin").token).get("/identity/v3/users/no-such-user").then()
                .statusCode(404);
    }

    @Test
    void theOpenStackCliManagesCredentialsAndAuthenticatesWithOne() {
        Assumptions.assumeTrue(OpenStackCli.installed(), "the openstack CLI (python3-openstackclient) is not installed");
        String name = unique("cli");
        JsonNode created = cli(ALICE_PASSWORD, "application", "credential", "create", name, "--role", "reader",
                "--description", "made by the CLI");
        assertEquals(name, created.path("name").asText());
        assertEquals("reader", created.path("roles").asText());
        String id = created.path("id").asText();
        String secret = created.path("secret").asText();

        assertEquals(id, cli(ALICE_PASSWORD, "application", "credential", "show", name).path("id").asText());
        List<String> listed = new ArrayList<>();
        cli(ALICE_PASSWORD, "application", "credential", "list").forEach(c -> listed.add(c.path("Name").asText()));
        assertTrue(listed.contains(name), "list shows " + listed);

        List<String> asCredential = List.of("--os-auth-type", "v3applicationcredential",
                "--os-application-credential-id=" + id, "--os-application-credential-secret=" + secret);
        JsonNode token = cli(asCredential, "token", "issue");
        assertEquals(ACME, token.path("project_id").asText());
        assertEquals(login("alice").userId, token.path("user_id").asText());

        cli(ALICE_PASSWORD, "application", "credential", "delete", name);
        assertEquals(1, run(asCredential, "token", "issue").exitCode(), "a deleted credential no longer logs in");
    }

    private static final List<String> ALICE_PASSWORD = List.of("--os-username", "alice", "--os-password", "alice",
            "--os-project-name", "acme", "--os-user-domain-name", "Default", "--os-project-domain-name", "Default");

    private static JsonNode cli(List<String> auth, String... command) {
        return new OpenStackCli(RestAssured.port).json(auth, command);
    }

    private static OpenStackCli.Run run(List<String> auth, String... command) {
        return new OpenStackCli(RestAssured.port).run(auth, command);
    }

    private record Login(String token, String userId) {
        String credentialsPath() {
            return "/identity/v3/users/" + userId + "/application_credentials";
        }
    }

    private static Login login(String user) {
        Response response = authenticate("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"name": "Default"}, "password": "%s"}}}}}""".formatted(user, user));
        response.then().statusCode(201);
        return new Login(response.header("X-Subject-Token"), response.path("token.user.id"));
    }

    private static Response authenticate(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/identity/v3/auth/tokens");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
