package dev.kumo.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Keystone v3 facade as Keystone's API reference and Tempest's identity tests expect it, for what needs
 * no identity provider behind it: version discovery, a user's own user, project, domain and catalog, and the
 * ownership rules of application credentials (tokens signed by a local OIDC stand-in).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class IdentityApiTest {

    @Test
    void theRootListsVersionThreeAndVersionThreeDescribesItself() {
        given().get("/identity").then()
                .statusCode(300)
                .body("versions.values[0].id", equalTo("v3.14"))
                .body("versions.values[0]", hasKey("updated"));
        given().get("/identity/v3").then()
                .statusCode(200)
                .body("version.status", equalTo("stable"))
                .body("version.links[0].rel", equalTo("self"))
                .body("version.'media-types'[0].type", equalTo("application/vnd.openstack.identity-v3+json"));
    }

    @Test
    void aUserReadsThemselfAndTheProjectsTheyMayScopeTo() {
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/users/user-alice").then()
                .statusCode(200)
                .body("user.id", equalTo("user-alice"))
                .body("user.name", equalTo("alice"))
                .body("user.domain_id", equalTo("default"))
                .body("user.enabled", equalTo(true))
                .body("user.default_project_id", equalTo(Tokens.ACME));
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/users/user-alice/projects").then()
                .statusCode(200)
                .body("projects.id", equalTo(List.of(Tokens.ACME)))
                .body("projects[0].domain_id", equalTo("default"));
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/auth/projects").then()
                .statusCode(200)
                .body("projects.name", equalTo(List.of("acme")));
    }

    @Test
    void anotherUserIsForbiddenToNonAdminsAsInKeystone() {
        given().header("X-Auth-Token", Tokens.bob()).get("/identity/v3/users/user-alice").then()
                .statusCode(403)
                .body("error.code", equalTo(403))
                .body("error.message", containsString("identity:get_user"));
    }

    @Test
    void aProjectIsShownToThoseScopedToIt() {
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/projects/" + Tokens.ACME).then()
                .statusCode(200)
                .body("project.name", equalTo("acme"))
                .body("project.is_domain", equalTo(false))
                .body("project.enabled", equalTo(true));
        given().header("X-Auth-Token", Tokens.bob()).get("/identity/v3/projects/" + Tokens.ACME).then()
                .statusCode(403);
    }

    @Test
    void theDefaultDomainExistsButNoTokenIsDomainScoped() {
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/domains/default").then()
                .statusCode(200)
                .body("domain.name", equalTo("Default"))
                .body("domain.enabled", equalTo(true));
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/domains/elsewhere").then().statusCode(404);
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/auth/domains").then()
                .statusCode(200)
                .body("domains", empty());
    }

    @Test
    void theCatalogOfATokenNamesEveryService() {
        given().header("X-Auth-Token", Tokens.carol()).get("/identity/v3/auth/catalog").then()
                .statusCode(200)
                .body("catalog.type", hasItems("compute", "image", "network", "identity"));
    }

    @Test
    void applicationCredentialsOfAnotherUserDoNotExistEvenForAdmins() {
        for (String token : List.of(Tokens.bob(), Tokens.admin())) {
            given().header("X-Auth-Token", token).get("/identity/v3/users/user-alice/application_credentials")
                    .then().statusCode(404).body("error.message", equalTo("Could not find user: user-alice."));
            given().header("X-Auth-Token", token).contentType(ContentType.JSON)
                    .body("{\"application_credential\": {\"name\": \"x\"}}")
                    .post("/identity/v3/users/user-alice/application_credentials").then().statusCode(404);
        }
    }

    @Test
    void aCredentialsTokenSpeaksForItsOwnerAndARestrictedOneManagesNoCredentials() {
        String id = standingCredential(false);
        String token = Tokens.aliceCredential(id, "member");

        given().header("X-Auth-Token", token).get("/identity/v3/users/user-alice").then()
                .statusCode(200)
                .body("user.name", equalTo("alice"));
        given().header("X-Auth-Token", token).get("/identity/v3/users/user-alice/application_credentials").then()
                .statusCode(200)
                .body("application_credentials.id", hasItem(id))
                .body("application_credentials[0]", not(hasKey("secret")));
        given().header("X-Auth-Token", token).contentType(ContentType.JSON)
                .body("{\"application_credential\": {\"name\": \"child\"}}")
                .post("/identity/v3/users/user-alice/application_credentials").then()
                .statusCode(403)
                .body("error.message", equalTo("Using method 'application_credential' is not allowed for "
                        + "managing additional application credentials."));
        given().header("X-Auth-Token", token).delete("/identity/v3/users/user-alice/application_credentials/" + id)
                .then().statusCode(403);
    }

    @Test
    void tokensOfACredentialThatNoLongerStandsAreRefusedEverywhere() {
        String gone = Tokens.aliceCredential("deleted-" + UUID.randomUUID(), "member");

        given().header("X-Auth-Token", gone).get("/compute/v2.1/servers").then()
                .statusCode(401)
                .body("error.message", equalTo("The request you have made requires authentication."));
        given().header("X-Auth-Token", gone).get("/identity/v3/auth/catalog").then().statusCode(401);
    }

    @Test
    void malformedCredentialRequestsSayWhatIsWrong() {
        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"application_credential\": {\"description\": \"no name\"}}")
                .post("/identity/v3/users/user-alice/application_credentials").then()
                .statusCode(400)
                .body("error.message", containsString("'name'"));
        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"application_credential\": {\"name\": \"old\", \"expires_at\": \"2001-01-01T00:00:00\"}}")
                .post("/identity/v3/users/user-alice/application_credentials").then()
                .statusCode(400)
                .body("error.message", containsString("in the past"));
        given().contentType(ContentType.JSON)
                .body("{\"auth\": {\"identity\": {\"methods\": [\"application_credential\"],"
                        + " \"application_credential\": {\"id\": \"x\"}}}}")
                .post("/identity/v3/auth/tokens").then()
                .statusCode(400)
                .body("error.message", equalTo("Expecting to find secret in application_credential."));
    }

    @Test
    void theTokenMethodNeedsAValidToken() {
        given().contentType(ContentType.JSON)
                .body("{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {}}}}")
                .post("/identity/v3/auth/tokens").then()
                .statusCode(400)
                .body("error.message", equalTo("Expecting to find id in token."));
        given().contentType(ContentType.JSON)
                .body("{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": \"not-a-jwt\"}}}}")
                .post("/identity/v3/auth/tokens").then()
                .statusCode(401)
                .body("error.title", equalTo("Unauthorized"));
    }

    private static String standingCredential(boolean unrestricted) {
        ApplicationCredential credential = new ApplicationCredential();
        credential.id = UUID.randomUUID().toString().replace("-", "");
        credential.userId = "user-alice";
        credential.userName = "alice";
        credential.name = "test-" + credential.id.substring(0, 8);
        credential.projectId = Tokens.ACME;
        credential.projectName = "acme";
        credential.roles = "member";
        credential.unrestricted = unrestricted;
        credential.clientUuid = "not-in-keycloak";
        credential.createdAt = Instant.now();
        QuarkusTransaction.requiringNew().run(credential::persist);
        return credential.id;
    }
}
