package dev.kumo.image.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients drive this service with a token: Debian's {@code glance} CLI (create, upload, list, show, set a
 * property, tag, download with its checksum check, delete) and the {@code openstack} CLI (openstacksdk).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class GlanceClientTest {

    private static final Path GLANCE = Path.of("/usr/bin/glance");
    private static final Path OPENSTACK = Path.of("/usr/bin/openstack");

    @TempDir
    Path work;

    @Test
    void theGlanceCliManagesAnImageEndToEnd() throws Exception {
        assumeTrue(Files.isExecutable(GLANCE), "needs Debian's python3-glanceclient");
        Path data = work.resolve("disk.raw");
        Files.writeString(data, "kumo image data\n".repeat(1000));

        String created = glance("image-create", "--name", "cli-image", "--disk-format", "raw",
                "--container-format", "bare", "--property", "os_distro=debian", "--file", data.toString());
        assertTrue(created.contains("active"), created);
        String id = field(created, "id");

        assertTrue(glance("image-list").contains(id));
        assertTrue(glance("image-update", "--property", "hw_disk_bus=scsi", id).contains("scsi"));
        glance("image-tag-update", id, "gold");
        String shown = glance("image-show", id);
        assertTrue(shown.contains("gold") && shown.contains("os_distro"), shown);

        Path downloaded = work.resolve("downloaded");
        glance("image-download", "--file", downloaded.toString(), id);
        assertEquals(Files.readString(data), Files.readString(downloaded));

        glance("image-delete", id);
        assertTrue(!glance("image-list").contains(id));
    }

    @Test
    void theOpenstackCliCreatesListsAndDeletesAnImage() throws Exception {
        assumeTrue(Files.isExecutable(OPENSTACK), "needs Debian's python3-openstackclient");
        Path data = work.resolve("disk.raw");
        Files.writeString(data, "openstack cli data\n".repeat(100));

        String created = openstack("image", "create", "--disk-format", "raw", "--container-format", "bare",
                "--file", data.toString(), "--property", "hw_rng_model=virtio", "osc-image");
        String id = field(created, "id");

        assertTrue(openstack("image", "list").contains("osc-image"));
        String shown = openstack("image", "show", "osc-image");
        assertEquals(id, field(shown, "id"));
        assertEquals("active", field(shown, "status"));
        assertEquals("1900", field(shown, "size"));
        openstack("image", "delete", "osc-image");
        assertTrue(!openstack("image", "list").contains(id));
    }

    private String openstack(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSTACK.toString(), "--os-auth-type", "admin_token",
                // An endpoint override skips version discovery, so it names the versioned API.
                "--os-token", Tokens.alice(), "--os-endpoint", "http://localhost:" + RestAssured.port + "/v2",
                "--os-image-api-version", "2"));
        command.addAll(List.of(args));
        return run(command);
    }

    private String glance(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(GLANCE.toString(), "--os-image-url",
                "http://localhost:" + RestAssured.port, "--os-auth-token", Tokens.alice(), "--os-image-api-version", "2"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        String args = String.join(" ", command.subList(1, command.size())).replaceAll("ey[\\w.-]+", "<token>");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), args + " timed out");
        assertEquals(0, process.exitValue(), args + ":\n" + output);
        return output;
    }

    /** A value from glance's "| field | value |" table. */
    private static String field(String table, String name) {
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 2 && cells[1].trim().equals(name)) {
                return cells[2].trim();
            }
        }
        throw new AssertionError("no " + name + " in\n" + table);
    }
}
