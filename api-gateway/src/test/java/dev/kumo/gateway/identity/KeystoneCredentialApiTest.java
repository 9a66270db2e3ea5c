package dev.kumo.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keystone's credentials: a user keeps their own, nobody else but admins sees them. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class KeystoneCredentialApiTest {

    @Test
    void aUserKeepsEc2KeysThatOnlyTheyAndAdminsSee() {
        String access = "AK-" + UUID.randomUUID();
        String blob = "{\"access\": \"" + access + "\", \"secret\": \"s\"}";
        Response created = create(Tokens.alice(), "user-alice", Tokens.ACME, blob);
        created.then().statusCode(201)
                .body("credential.user_id", equalTo("user-alice"))
                .body("credential.project_id", equalTo(Tokens.ACME))
                .body("credential.blob", equalTo(blob));
        String id = created.path("credential.id");
        create(Tokens.alice(), "user-alice", Tokens.ACME, blob).then().statusCode(409);
        create(Tokens.alice(), "user-alice", Tokens.ACME, "not json").then().statusCode(400);
        create(Tokens.alice(), "user-bob", Tokens.GLOBEX, "{\"access\": \"x\"}").then().statusCode(403);

        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/credentials").then().statusCode(200)
                .body("credentials.id", hasItem(id));
        given().header("X-Auth-Token", Tokens.bob()).get("/identity/v3/credentials").then().statusCode(200)
                .body("credentials.id", not(hasItem(id)));
        given().header("X-Auth-Token", Tokens.bob()).get("/identity/v3/credentials/" + id).then().statusCode(404);
        given().header("X-Auth-Token", Tokens.admin()).queryParam("user_id", "user-alice")
                .get("/identity/v3/credentials").then().statusCode(200).body("credentials.id", hasItem(id));

        String newBlob = "{\"access\": \"" + access + "-2\", \"secret\": \"t\"}";
        given().header("X-Auth-Token", Tokens.alice()).contentType(ContentType.JSON)
                .body("{\"credential\": {\"blob\": " + quoted(newBlob) + ", \"project_id\": \"" + Tokens.GLOBEX + "\"}}")
                .patch("/identity/v3/credentials/" + id).then().statusCode(200)
                .body("credential.id", equalTo(id)).body("credential.project_id", equalTo(Tokens.GLOBEX))
                .body("credential.blob", equalTo(newBlob));
        given().header("X-Auth-Token", Tokens.alice()).delete("/identity/v3/credentials/" + id).then().statusCode(204);
        given().header("X-Auth-Token", Tokens.alice()).get("/identity/v3/credentials/" + id).then().statusCode(404)
                .body("error.code", equalTo(404));
    }

    private static Response create(String token, String userId, String projectId, String blob) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON).body("""
                {"credential": {"user_id": "%s", "project_id": "%s", "type": "ec2", "blob": %s}}"""
                .formatted(userId, projectId, quoted(blob))).post("/identity/v3/credentials");
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
