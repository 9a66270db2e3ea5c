package dev.kumo.image.images;

import static dev.kumo.image.images.Images.as;
import static dev.kumo.image.images.Images.create;
import static dev.kumo.image.images.Images.createRaw;
import static dev.kumo.image.images.Images.upload;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Uploading and downloading image data: status changes, hashes, sizes, and the data Kumo refuses. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ImageDataTest {

    @Test
    void anUploadActivatesTheImageWithItsSizeAndHashesAndDownloadsByteForByte() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        String id = createRaw(Tokens.alice(), "disk");

        upload(Tokens.alice(), id, data, 204);

        as(Tokens.alice()).get("/v2/images/" + id).then()
                .statusCode(200)
                .body("status", equalTo("active"))
                .body("size", equalTo(data.length))
                .body("virtual_size", equalTo(data.length))
                .body("checksum", equalTo(hex("MD5", data)))
                .body("os_hash_algo", equalTo("sha512"))
                .body("os_hash_value", equalTo(hex("SHA-512", data)));
        byte[] downloaded = as(Tokens.alice()).get("/v2/images/" + id + "/file").then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .header("Content-MD5", hex("MD5", data))
                .extract().asByteArray();
        assertArrayEquals(data, downloaded);
    }

    @Test
    void aComputeAgentReadsATenantsPrivateImageAndFillsTheTenantsSnapshot() {
        String base = createRaw(Tokens.alice(), "base");
        upload(Tokens.alice(), base, "disk bytes".getBytes(), 204);
        String snapshot = createRaw(Tokens.alice(), "snapshot");

        as(Tokens.computeAgent()).get("/v2/images/" + base + "/file").then().statusCode(200).body(equalTo("disk bytes"));
        upload(Tokens.computeAgent(), snapshot, "disk bytes".getBytes(), 204);

        as(Tokens.alice()).get("/v2/images/" + snapshot).then()
                .body("status", equalTo("active"))
                .body("owner", equalTo(Tokens.ACME));
        as(Tokens.bob()).get("/v2/images/" + snapshot).then().statusCode(404);
    }

    @Test
    void theDataIsSentWhateverTheClientAccepts() {
        String id = createRaw(Tokens.alice(), "accepting");
        upload(Tokens.alice(), id, "0123456789".getBytes(), 204);

        as(Tokens.alice()).accept(ContentType.JSON).get("/v2/images/" + id + "/file").then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .body(equalTo("0123456789"));
    }

    @Test
    void anEmptyImageIdIs404() {
        as(Tokens.alice()).get("/v2/images/").then().statusCode(404).body("error.code", equalTo(404));
        as(Tokens.alice()).delete("/v2/images/").then().statusCode(404);
    }

    @Test
    void aDownloadResumesFromARange() {
        String id = createRaw(Tokens.alice(), "ranged");
        upload(Tokens.alice(), id, "0123456789".getBytes(), 204);

        as(Tokens.alice()).header("Range", "bytes=3-5").get("/v2/images/" + id + "/file").then()
                .statusCode(206)
                .header("Content-Range", "bytes 3-5/10")
                .body(equalTo("345"));
        as(Tokens.alice()).header("Range", "bytes=7-").get("/v2/images/" + id + "/file").then()
                .statusCode(206).body(equalTo("789"));
        as(Tokens.alice()).header("Range", "bytes=20-30").get("/v2/images/" + id + "/file").then()
                .statusCode(416)
                .header("Content-Range", "bytes */10")
                .body("error.code", equalTo(416));
    }

    @Test
    void anImageWithDataTakesNoMoreData() {
        String id = createRaw(Tokens.alice(), "once");
        upload(Tokens.alice(), id, new byte[] {1, 2, 3}, 204);

        as(Tokens.alice()).contentType(ContentType.BINARY).body(new byte[] {4})
                .put("/v2/images/" + id + "/file").then()
                .statusCode(409)
                .body("error.message", containsString("from active to saving"));
    }

    @Test
    void anImageWithoutDataDownloadsAsNoContent() {
        String id = createRaw(Tokens.alice(), "empty");

        as(Tokens.alice()).get("/v2/images/" + id + "/file").then().statusCode(204);
    }

    @Test
    void dataNeedsTheFormatsFirst() {
        String id = create(Tokens.alice(), Map.of("name", "no-formats"));

        upload(Tokens.alice(), id, new byte[] {1}, 400);
        as(Tokens.alice()).get("/v2/images/" + id).then().body("status", equalTo("queued"));
    }

    @Test
    void dataOverTheSizeLimitIs413AndTheImageStaysQueued() {
        String id = createRaw(Tokens.alice(), "too-big");

        as(Tokens.alice()).contentType(ContentType.BINARY).body(new byte[1024 * 1024 + 1])
                .put("/v2/images/" + id + "/file").then()
                .statusCode(413)
                .body("error.title", equalTo("Request Entity Too Large"))
                .body("error.message", containsString("size limit"));
        as(Tokens.alice()).get("/v2/images/" + id).then()
                .body("status", equalTo("queued"))
                .body("size", nullValue());
        upload(Tokens.alice(), id, new byte[] {1, 2}, 204);
    }

    @Test
    void aQcow2ImageGetsItsVirtualSizeFromItsHeader() {
        String id = create(Tokens.alice(), Map.of("name", "q", "disk_format", "qcow2", "container_format", "bare"));

        upload(Tokens.alice(), id, qcow2(1L << 30, 0, 0), 204);

        as(Tokens.alice()).get("/v2/images/" + id).then()
                .body("status", equalTo("active"))
                .body("virtual_size", equalTo(1 << 30))
                .body("size", equalTo(512));
    }

    @Test
    void aQcow2ImageNamingABackingFileIsRefusedAndStaysQueued() {
        String id = create(Tokens.alice(), Map.of("name", "backed", "disk_format", "qcow2", "container_format", "bare"));

        as(Tokens.alice()).contentType(ContentType.BINARY).body(qcow2(1L << 30, 0x200, 0))
                .put("/v2/images/" + id + "/file").then()
                .statusCode(400)
                .body("error.message", containsString("backing file"));
        as(Tokens.alice()).get("/v2/images/" + id).then().body("status", equalTo("queued"));
    }

    @Test
    void aQcow2ImageWithAnExternalDataFileIsRefusedWhateverItsDeclaredFormat() {
        String id = createRaw(Tokens.alice(), "disguised");

        as(Tokens.alice()).contentType(ContentType.BINARY).body(qcow2(1L << 30, 0, 1L << 2))
                .put("/v2/images/" + id + "/file").then()
                .statusCode(400)
                .body("error.message", containsString("external data file"));
    }

    @Test
    void dataThatIsNotQcow2IsRefusedForAQcow2Image() {
        String id = create(Tokens.alice(), Map.of("name", "liar", "disk_format", "qcow2", "container_format", "bare"));

        upload(Tokens.alice(), id, "plain text".getBytes(), 400);
    }

    @Test
    void onlyTheOwningProjectUploads() {
        String id = create(Tokens.alice(), Map.of("name", "mine", "disk_format", "raw", "container_format", "bare",
                "visibility", "community"));

        upload(Tokens.bob(), id, new byte[] {1}, 403);
        upload(Tokens.carol(), id, new byte[] {1}, 403);
        upload(Tokens.alice(), id, new byte[] {1}, 204);
    }

    @Test
    void aDeactivatedImageCannotBeDownloadedUntilReactivated() {
        String id = createRaw(Tokens.alice(), "paused");
        upload(Tokens.alice(), id, new byte[] {9, 9}, 204);

        as(Tokens.alice()).post("/v2/images/" + id + "/actions/deactivate").then().statusCode(204);
        as(Tokens.alice()).get("/v2/images/" + id).then().body("status", equalTo("deactivated"));
        as(Tokens.alice()).get("/v2/images/" + id + "/file").then()
                .statusCode(403)
                .body("error.message", containsString("deactivated"));
        as(Tokens.admin()).get("/v2/images/" + id + "/file").then().statusCode(200);

        as(Tokens.alice()).post("/v2/images/" + id + "/actions/reactivate").then().statusCode(204);
        as(Tokens.alice()).get("/v2/images/" + id + "/file").then().statusCode(200);
    }

    @Test
    void uploadsMustBeOctetStreams() {
        String id = createRaw(Tokens.alice(), "typed");

        as(Tokens.alice()).contentType(ContentType.JSON).body("{}")
                .put("/v2/images/" + id + "/file").then()
                .statusCode(415)
                .body("error.code", equalTo(415));
    }

    /** The first 512 bytes of a qcow2 version 3 image. */
    static byte[] qcow2(long virtualSize, long backingFileOffset, long incompatibleFeatures) {
        ByteBuffer header = ByteBuffer.allocate(512);
        header.putInt(0, 0x514649fb);
        header.putInt(4, 3);
        header.putLong(8, backingFileOffset);
        header.putInt(16, backingFileOffset == 0 ? 0 : 8);
        header.putInt(20, 16);
        header.putLong(24, virtualSize);
        header.putLong(72, incompatibleFeatures);
        header.putInt(100, 104);
        return header.array();
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
