package dev.kumo.image.images;

import static dev.kumo.image.images.Images.as;
import static dev.kumo.image.images.Images.create;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Creating, showing, deactivating and deleting images, and the errors a client gets for bad requests. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ImageLifecycleTest {

    @Test
    void aNewImageIsQueuedOwnedByTheCallersProjectAndSharedByDefault() {
        String id = create(Tokens.alice(), Map.of("name", "cirros", "disk_format", "qcow2",
                "container_format", "bare", "min_ram", 64, "tags", List.of("test"), "hw_disk_bus", "virtio"));

        as(Tokens.alice()).get("/v2/images/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("cirros"))
                .body("status", equalTo("queued"))
                .body("visibility", equalTo("shared"))
                .body("owner", equalTo(Tokens.ACME))
                .body("protected", equalTo(false))
                .body("os_hidden", equalTo(false))
                .body("min_ram", equalTo(64))
                .body("min_disk", equalTo(0))
                .body("size", nullValue())
                .body("checksum", nullValue())
                .body("tags", contains("test"))
                .body("hw_disk_bus", equalTo("virtio"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("self", equalTo("/v2/images/" + id))
                .body("file", equalTo("/v2/images/" + id + "/file"))
                .body("schema", equalTo("/v2/schemas/image"));
    }

    @Test
    void createAnswers201WithTheImageAndItsLocation() {
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("name", "located"))
                .post("/v2/images").then()
                .statusCode(201)
                .header("Location", containsString("/v2/images/"))
                .body("name", equalTo("located"))
                .body("disk_format", nullValue());
    }

    @Test
    void aClientMayChooseTheIdOnceOnly() {
        String id = UUID.randomUUID().toString();
        create(Tokens.alice(), Map.of("id", id, "name", "chosen"));

        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("id", id))
                .post("/v2/images").then().statusCode(409).body("error.code", equalTo(409));
    }

    @Test
    void withoutAValidTokenEveryImageCallIs401InGlancesErrorShape() {
        given().get("/v2/images").then()
                .statusCode(401)
                .body("error.code", equalTo(401))
                .body("error.title", equalTo("Unauthorized"))
                .body("error.message", containsString("requires authentication"));
        given().header("X-Auth-Token", "not-a-token").get("/v2/images").then().statusCode(401);
    }

    @Test
    void aReaderReadsButCannotCreate() {
        as(Tokens.carol()).get("/v2/images").then().statusCode(200);
        as(Tokens.carol()).contentType(ContentType.JSON).body(Map.of("name", "nope"))
                .post("/v2/images").then()
                .statusCode(403)
                .body("error.message", containsString("add_image"));
    }

    @Test
    void readOnlyAndReservedAttributesCannotBeSetAtCreation() {
        for (String attribute : List.of("status", "checksum", "size", "os_hash_value", "created_at")) {
            as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of(attribute, "x"))
                    .post("/v2/images").then()
                    .statusCode(403)
                    .body("error.message", equalTo("Attribute '" + attribute + "' is read-only."));
        }
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("deleted", "true"))
                .post("/v2/images").then().statusCode(403).body("error.message", containsString("reserved"));
    }

    @Test
    void badValuesAre400NamingTheField() {
        Map<String, Object> bad = Map.of(
                "disk_format", "floppy",
                "container_format", "zip",
                "visibility", "everyone",
                "min_ram", -1,
                "protected", "yes",
                "kernel_id", "vmlinuz",
                "hw_cpu_cores", 4,
                "tags", "a-string");
        bad.forEach((attribute, value) -> as(Tokens.alice()).contentType(ContentType.JSON)
                .body(Map.of(attribute, value)).post("/v2/images").then()
                .statusCode(400)
                .body("error.code", equalTo(400))
                .body("error.message", containsString("'" + attribute + "'")));
    }

    @Test
    void malformedJsonAndNonObjectsAre400() {
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"name\": ").post("/v2/images").then()
                .statusCode(400).body("error.message", containsString("Malformed JSON"));
        as(Tokens.alice()).contentType(ContentType.JSON).body("[1, 2]").post("/v2/images").then()
                .statusCode(400).body("error.message", containsString("JSON object"));
    }

    @Test
    void kernelsRamdisksAndAmisComeInTheirOwnContainerFormat() {
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("disk_format", "aki", "container_format", "bare"))
                .post("/v2/images").then()
                .statusCode(400)
                .body("error.message", containsString("disk_format 'aki' and container_format 'bare'"));
        create(Tokens.alice(), Map.of("disk_format", "aki", "container_format", "aki"));
    }

    @Test
    void onlyAdminsMayPublicizeAnImage() {
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("visibility", "public"))
                .post("/v2/images").then().statusCode(403).body("error.message", containsString("publicize_image"));
        String id = create(Tokens.admin(), Map.of("name", "public-by-admin", "visibility", "public"));
        as(Tokens.bob()).get("/v2/images/" + id).then().statusCode(200).body("visibility", equalTo("public"));
    }

    @Test
    void aDeletedImageIsGone() {
        String id = create(Tokens.alice(), Map.of("name", "short-lived"));

        as(Tokens.alice()).delete("/v2/images/" + id).then().statusCode(204);

        as(Tokens.alice()).get("/v2/images/" + id).then()
                .statusCode(404)
                .body("error.title", equalTo("Not Found"))
                .body("error.message", containsString(id));
        as(Tokens.alice()).delete("/v2/images/" + id).then().statusCode(404);
    }

    @Test
    void aProtectedImageCannotBeDeletedUntilUnprotected() {
        String id = create(Tokens.alice(), Map.of("name", "precious", "protected", true));

        as(Tokens.alice()).delete("/v2/images/" + id).then()
                .statusCode(403)
                .body("error.message", containsString("is protected and cannot be deleted"));

        Images.patch(Tokens.alice(), id, "[{\"op\": \"replace\", \"path\": \"/protected\", \"value\": false}]", 200);
        as(Tokens.alice()).delete("/v2/images/" + id).then().statusCode(204);
    }

    @Test
    void unknownAndMalformedIdsAre404NotErrors() {
        as(Tokens.alice()).get("/v2/images/" + UUID.randomUUID()).then().statusCode(404).body("error.code", equalTo(404));
        as(Tokens.alice()).get("/v2/images/cirros").then().statusCode(404).body("error.message", containsString("cirros"));
        as(Tokens.alice()).get("/v2/nothing-here").then().statusCode(404).body("error.code", equalTo(404));
    }

    @Test
    void deactivationNeedsAnActiveImage() {
        String id = create(Tokens.alice(), Map.of("name", "never-uploaded"));

        as(Tokens.alice()).post("/v2/images/" + id + "/actions/deactivate").then()
                .statusCode(403)
                .body("error.message", containsString("status 'queued'"));
    }

    @Test
    void errorsNeverCarryAStackTrace() {
        as(Tokens.alice()).contentType(ContentType.JSON).body("{\"min_disk\": 99999999999999}").post("/v2/images").then()
                .statusCode(400)
                .body(not(containsString("Exception")))
                .body(not(containsString("at dev.kumo")));
    }
}
