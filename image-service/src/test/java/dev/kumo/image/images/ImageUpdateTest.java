package dev.kumo.image.images;

import static dev.kumo.image.images.Images.as;
import static dev.kumo.image.images.Images.create;
import static dev.kumo.image.images.Images.createRaw;
import static dev.kumo.image.images.Images.patch;
import static dev.kumo.image.images.Images.upload;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Changing an image with Glance's JSON patch, and with single-tag calls. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ImageUpdateTest {

    @Test
    void aPatchAddsReplacesAndRemovesInOrderAndAnswersTheImage() {
        String kernel = UUID.randomUUID().toString();
        String id = create(Tokens.alice(), Map.of("name", "before", "os_distro", "debian"));

        as(Tokens.alice()).contentType(ImagePatch.MEDIA_TYPE).body(bytes("""
                [{"op": "replace", "path": "/name", "value": "after"},
                 {"op": "add", "path": "/hw_disk_bus", "value": "scsi"},
                 {"op": "add", "path": "/kernel_id", "value": "%s"},
                 {"op": "remove", "path": "/os_distro"},
                 {"op": "replace", "path": "/tags", "value": ["b", "a"]},
                 {"op": "replace", "path": "/min_disk", "value": 2}]""".formatted(kernel)))
                .patch("/v2/images/" + id).then()
                .statusCode(200)
                .body("name", equalTo("after"))
                .body("hw_disk_bus", equalTo("scsi"))
                .body("kernel_id", equalTo(kernel))
                .body("$", not(hasKey("os_distro")))
                .body("tags", contains("a", "b"))
                .body("min_disk", equalTo(2));
        as(Tokens.alice()).get("/v2/images/" + id).then().body("name", equalTo("after")).body("hw_disk_bus", equalTo("scsi"));
    }

    @Test
    void addOnAnExistingPropertyReplacesItInV21() {
        String id = create(Tokens.alice(), Map.of("os_version", "11"));

        patch(Tokens.alice(), id, "[{\"op\": \"add\", \"path\": \"/os_version\", \"value\": \"12\"}]", 200);

        as(Tokens.alice()).get("/v2/images/" + id).then().body("os_version", equalTo("12"));
    }

    @Test
    void replacingOrRemovingAMissingPropertyIs409() {
        String id = create(Tokens.alice(), Map.of("name", "plain"));

        as(Tokens.alice()).contentType(ImagePatch.MEDIA_TYPE)
                .body(bytes("[{\"op\": \"replace\", \"path\": \"/ghost\", \"value\": \"x\"}]"))
                .patch("/v2/images/" + id).then()
                .statusCode(409)
                .body("error.message", equalTo("Property ghost does not exist."));
        patch(Tokens.alice(), id, "[{\"op\": \"remove\", \"path\": \"/ghost\"}]", 409);
    }

    @Test
    void tempestsDraft4PatchReplacesTheName() {
        String id = create(Tokens.alice(), Map.of("name", "old"));

        as(Tokens.alice()).contentType(ImagePatch.MEDIA_TYPE_2_0)
                .body(bytes("[{\"replace\": \"/name\", \"value\": \"new\"}]"))
                .patch("/v2/images/" + id).then()
                .statusCode(200)
                .body("name", equalTo("new"));
    }

    @Test
    void anAdminGivesAnImageToAnotherProjectAtCreationOrLater() {
        String id = create(Tokens.admin(), Map.of("name", "given", "owner", Tokens.ACME));
        as(Tokens.alice()).get("/v2/images/" + id).then().statusCode(200).body("owner", equalTo(Tokens.ACME));

        patch(Tokens.admin(), id, "[{\"op\": \"replace\", \"path\": \"/owner\", \"value\": \"" + Tokens.GLOBEX + "\"}]", 200);

        as(Tokens.bob()).get("/v2/images/" + id).then().statusCode(200).body("owner", equalTo(Tokens.GLOBEX));
        as(Tokens.alice()).get("/v2/images/" + id).then().statusCode(404);
    }

    @Test
    void aMemberCannotCreateAnImageForAnotherProject() {
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("name", "gift", "owner", Tokens.GLOBEX))
                .post("/v2/images").then().statusCode(403);
    }

    @Test
    void readOnlyAttributesAndCoreRemovalsAre403() {
        String id = create(Tokens.alice(), Map.of("name", "locked-down"));

        as(Tokens.alice()).contentType(ImagePatch.MEDIA_TYPE)
                .body(bytes("[{\"op\": \"replace\", \"path\": \"/status\", \"value\": \"active\"}]"))
                .patch("/v2/images/" + id).then()
                .statusCode(403)
                .body("error.message", equalTo("Attribute 'status' is read-only."));
        patch(Tokens.alice(), id, "[{\"op\": \"replace\", \"path\": \"/owner\", \"value\": \"" + Tokens.GLOBEX + "\"}]", 403);
        patch(Tokens.alice(), id, "[{\"op\": \"remove\", \"path\": \"/name\"}]", 403);
        as(Tokens.alice()).get("/v2/images/" + id).then().body("status", equalTo("queued")).body("owner", equalTo(Tokens.ACME));
    }

    @Test
    void aFailedChangeLeavesTheImageUntouched() {
        String id = create(Tokens.alice(), Map.of("name", "atomic"));

        patch(Tokens.alice(), id, """
                [{"op": "replace", "path": "/name", "value": "changed"},
                 {"op": "replace", "path": "/disk_format", "value": "floppy"}]""", 400);

        as(Tokens.alice()).get("/v2/images/" + id).then().body("name", equalTo("atomic"));
    }

    @Test
    void formatsChangeOnlyBeforeDataArrives() {
        String id = createRaw(Tokens.alice(), "formatted");
        upload(Tokens.alice(), id, new byte[] {1}, 204);

        as(Tokens.alice()).contentType(ImagePatch.MEDIA_TYPE)
                .body(bytes("[{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"qcow2\"}]"))
                .patch("/v2/images/" + id).then()
                .statusCode(403)
                .body("error.message", containsString("queued"));
    }

    @Test
    void malformedPatchesAre400AndOtherMediaTypes415() {
        String id = create(Tokens.alice(), Map.of("name", "patched"));

        patch(Tokens.alice(), id, "{\"op\": \"add\"}", 400);
        patch(Tokens.alice(), id, "[{\"op\": \"move\", \"path\": \"/name\", \"value\": \"x\"}]", 400);
        patch(Tokens.alice(), id, "[{\"op\": \"add\", \"path\": \"/name\"}]", 400);
        patch(Tokens.alice(), id, "[{\"op\": \"add\", \"path\": \"/a/b\", \"value\": \"x\"}]", 400);
        patch(Tokens.alice(), id, "[{\"op\": \"add\", \"path\": \"/name\", \"value\": 5}]", 400);
        as(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .patch("/v2/images/" + id).then()
                .statusCode(415)
                .body("error.code", equalTo(415));
    }

    @Test
    void anotherProjectCannotChangeAnImageItCanSee() {
        String id = create(Tokens.alice(), Map.of("name", "community-owned", "visibility", "community"));

        patch(Tokens.bob(), id, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"mine now\"}]", 403);
        patch(Tokens.carol(), id, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"reader\"}]", 403);
        as(Tokens.bob()).delete("/v2/images/" + id).then().statusCode(403);
        patch(Tokens.admin(), id, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"by admin\"}]", 200);
    }

    @Test
    void tagsAreAddedAndRemovedOneByOne() {
        String id = create(Tokens.alice(), Map.of("name", "tagged"));

        as(Tokens.alice()).put("/v2/images/" + id + "/tags/gold").then().statusCode(204);
        as(Tokens.alice()).put("/v2/images/" + id + "/tags/gold").then().statusCode(204);
        as(Tokens.alice()).put("/v2/images/" + id + "/tags/linux").then().statusCode(204);
        as(Tokens.alice()).get("/v2/images/" + id).then().body("tags", contains("gold", "linux"));

        as(Tokens.alice()).delete("/v2/images/" + id + "/tags/gold").then().statusCode(204);
        as(Tokens.alice()).get("/v2/images/" + id).then().body("tags", contains("linux"));
        as(Tokens.alice()).delete("/v2/images/" + id + "/tags/gold").then()
                .statusCode(404)
                .body("error.message", containsString("gold"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
