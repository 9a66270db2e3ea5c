package dev.kumo.image.seeding;

import static dev.kumo.image.images.Images.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/images/seed-images.sh against this service: three public images, linked, seeded once. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SeedImagesScriptTest {

    private static final Path SCRIPT = Path.of("..", "deploy", "images", "seed-images.sh");

    @TempDir
    Path images;

    @Test
    void theScriptUploadsKernelRamdiskAndDiskAsLinkedPublicImagesOnlyOnce() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "seed-images.sh needs curl");
        Files.writeString(images.resolve("vmlinuz"), "kernel");
        Files.writeString(images.resolve("initrd"), "ramdisk");
        Files.write(images.resolve("disk.raw"), new byte[4096]);

        assertEquals(0, seed());
        assertEquals(0, seed());

        String kernel = only("kumo-tiny-kernel", "aki", "aki");
        String ramdisk = only("kumo-tiny-ramdisk", "ari", "ari");
        String disk = only("kumo-tiny", "raw", "bare");
        as(Tokens.bob()).get("/v2/images/" + disk).then()
                .statusCode(200)
                .body("visibility", equalTo("public"))
                .body("status", equalTo("active"))
                .body("size", equalTo(4096))
                .body("kernel_id", equalTo(kernel))
                .body("ramdisk_id", equalTo(ramdisk));
    }

    private String only(String name, String diskFormat, String containerFormat) {
        JsonPath list = as(Tokens.alice()).get("/v2/images?name=" + name).then()
                .statusCode(200)
                .body("images", hasSize(1))
                .body("images[0].disk_format", equalTo(diskFormat))
                .body("images[0].container_format", equalTo(containerFormat))
                .body("images[0].status", equalTo("active"))
                .extract().jsonPath();
        return list.getString("images[0].id");
    }

    private int seed() throws IOException, InterruptedException {
        ProcessBuilder seed = new ProcessBuilder("bash", SCRIPT.toString(), "http://unused", Tokens.admin(),
                images.toString()).redirectErrorStream(true);
        seed.environment().put("KUMO_IMAGE_API", "http://localhost:" + RestAssured.port);
        Process process = seed.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        System.out.println(output);
        return process.exitValue();
    }
}
