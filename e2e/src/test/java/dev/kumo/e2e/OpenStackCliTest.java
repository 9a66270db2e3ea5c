package dev.kumo.e2e;

import static dev.kumo.e2e.OpenStackCli.column;
import static dev.kumo.e2e.OpenStackCli.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openstack} CLI against the running system, as alice and bob (members of acme and
 * globex) and carol (a reader in acme) through the clouds.yaml that {@code ./kumo up} writes: what a
 * tenant types, and what OpenStack answers to it.
 */
class OpenStackCliTest {

    private static final String ACME = "acbe4d7a2c1f4e0b9d3a6f1e2b7c8d90";
    private static final String GLOBEX = "90be3c1d4e5f4a6b8c7d9e0f1a2b3c4d";
    private static final Duration BOOT = Duration.ofSeconds(90);
    /** The CLI (6.0) prints Nova's power state as the number it gets: 1 running, 4 shut down. */
    private static final String POWER_STATE = "OS-EXT-STS:power_state";
    private static final int RUNNING = 1;
    private static final int SHUTDOWN = 4;

    private final OpenStackCli alice = OpenStackCli.as("alice");
    private final OpenStackCli bob = OpenStackCli.as("bob");
    private final OpenStackCli carol = OpenStackCli.as("carol");

    @TempDir
    Path dir;

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void everyDemoUserGetsATokenScopedToItsProjectAndSeesTheCatalog() {
        assertEquals(ACME, alice.json("token", "issue").path("project_id").asText());
        assertEquals(GLOBEX, bob.json("token", "issue").path("project_id").asText());
        assertEquals(ACME, carol.json("token", "issue").path("project_id").asText());

        List<String> types = column(alice.json("catalog", "list"), "Type");
        assertTrue(types.containsAll(List.of("compute", "image", "network", "identity")), "catalog " + types);
    }

    @Test
    void theDemoFlavorsAreListed() {
        List<String> names = column(bob.json("flavor", "list"), "Name");
        assertTrue(names.containsAll(List.of("m1.nano", "m1.tiny", "m1.small", "m1.medium", "m1.large")),
                "flavors " + names);
    }

    @Test
    void aGeneratedKeypairIsCreatedListedShownAndDeleted() throws Exception {
        String name = "cli-gen-" + suffix();
        Path privateKey = dir.resolve("id_" + name);
        JsonNode created = alice.json("keypair", "create", "--private-key", privateKey.toString(), name);
        assertEquals(name, created.path("name").asText());
        assertFalse(created.path("fingerprint").asText().isEmpty(), "fingerprint in " + created);
        assertTrue(Files.readString(privateKey).contains("PRIVATE KEY"), "the private key is saved");

        assertTrue(column(alice.json("keypair", "list"), "Name").contains(name));
        assertEquals(name, alice.json("keypair", "show", name).path("name").asText());
        assertFalse(column(bob.json("keypair", "list"), "Name").contains(name), "keypairs belong to their user");

        alice.ok("keypair", "delete", name);
        assertFalse(column(alice.json("keypair", "list"), "Name").contains(name));
        assertFalse(alice.run("keypair", "show", name).succeeded(), "a deleted keypair is gone");
    }

    @Test
    void anImportedPublicKeyKeepsItsFingerprint() throws Exception {
        String name = "cli-imp-" + suffix();
        Path publicKey = dir.resolve(name + ".pub");
        Files.writeString(publicKey, ed25519PublicKey());
        JsonNode created = alice.json("keypair", "create", "--public-key", publicKey.toString(), name);
        assertEquals(name, created.path("name").asText());
        assertTrue(created.path("fingerprint").asText().matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"),
                "an MD5 fingerprint like Nova's: " + created);
        alice.ok("keypair", "delete", name);
    }

    @Test
    void aServerIsCreatedListedShownStoppedStartedRebootedAndDeleted() {
        String image = bootableImage();
        String key = "cli-key-" + suffix();
        alice.json("keypair", "create", "--private-key", dir.resolve(key).toString(), key);
        String name = "cli-life-" + suffix();

        JsonNode created = alice.json("server", "create", "--image", image, "--flavor", "m1.nano",
                "--key-name", key, "--wait", name);
        String id = created.path("id").asText();
        assertEquals("ACTIVE", created.path("status").asText(), "--wait returns once ACTIVE: " + created);

        assertTrue(ids(alice.json("server", "list")).contains(id));
        JsonNode shown = alice.json("server", "show", name);
        assertEquals(id, shown.path("id").asText(), "show by name");
        assertEquals(key, shown.path("key_name").asText());
        assertTrue(shown.path("flavor").asText().contains("m1.nano"), "flavor " + shown.path("flavor"));

        alice.ok("server", "stop", id);
        assertEquals(SHUTDOWN, alice.awaitStatus(id, "SHUTOFF", BOOT).path(POWER_STATE).asInt());
        alice.ok("server", "start", id);
        assertEquals(RUNNING, alice.awaitStatus(id, "ACTIVE", BOOT).path(POWER_STATE).asInt());
        alice.ok("server", "reboot", "--wait", id);
        alice.awaitStatus(id, "ACTIVE", BOOT);

        alice.ok("server", "delete", "--wait", id);
        assertFalse(ids(alice.json("server", "list")).contains(id));
        assertTrue(alice.run("server", "show", id).stderr().contains("No server with a name or ID of"));
        alice.ok("keypair", "delete", key);
    }

    @Test
    void aServerIsResizedConfirmedSnapshottedAndItsSnapshotBoots() {
        String name = "cli-resize-" + suffix();
        String id = alice.json("server", "create", "--image", bootableImage(), "--flavor", "m1.nano", "--wait", name)
                .path("id").asText();

        alice.ok("server", "resize", "--flavor", "m1.tiny", "--wait", id);
        assertEquals("VERIFY_RESIZE", alice.json("server", "show", id).path("status").asText());
        alice.ok("server", "resize", "confirm", id);
        JsonNode resized = alice.awaitStatus(id, "ACTIVE", BOOT);
        assertTrue(resized.path("flavor").asText().contains("m1.tiny"), "flavor " + resized.path("flavor"));

        String snapshotName = name + "-snap";
        JsonNode snapshot = alice.json("server", "image", "create", "--name", snapshotName, "--wait", id);
        assertEquals("active", snapshot.path("status").asText(), "--wait returns once active: " + snapshot);
        String clone = alice.json("server", "create", "--image", snapshotName, "--flavor", "m1.nano", "--wait",
                name + "-clone").path("id").asText();

        alice.ok("server", "delete", "--wait", clone, id);
        alice.ok("image", "delete", snapshotName);
    }

    @Test
    void aTenantListsItsOwnServersAndNeverAnotherTenants() {
        Compute rest = Compute.as("alice");
        String id = rest.createServer("cli-visible-" + suffix(), "42");
        rest.awaitSettled(id, Duration.ofSeconds(30));

        assertTrue(ids(alice.json("server", "list", "--no-name-lookup")).contains(id));
        assertTrue(ids(carol.json("server", "list", "--no-name-lookup")).contains(id), "a reader of acme sees it");
        assertFalse(ids(bob.json("server", "list", "--no-name-lookup")).contains(id), "globex does not list it");
        assertEquals("ACTIVE", alice.json("server", "show", id).path("status").asText());

        // Nova answers 404, never 403, for another project's server: its existence is not disclosed.
        assertEquals(404, Compute.as("bob").show(id).statusCode(), "GET /servers/{id} as bob");
        OpenStackCli.Result shown = bob.run("server", "show", id);
        assertFalse(shown.succeeded(), "bob must not see alice's server: " + shown);
        assertTrue(shown.stderr().contains("No server with a name or ID of"), shown.toString());

        rest.delete(id);
        rest.awaitGone(id, Duration.ofSeconds(30));
    }

    @Test
    void aReaderCannotCreateAServer() {
        // The policy itself, without the CLI's image and flavor lookups in front of it.
        Compute.as("carol").request().contentType("application/json")
                .body("{\"server\": {\"name\": \"cli-reader\", \"flavorRef\": \"1\"}}")
                .post("/compute/v2.1/servers").then().statusCode(403);

        OpenStackCli.Result created = carol.run("server", "create", "--image", bootableImage(),
                "--flavor", "m1.nano", "cli-reader-" + suffix());
        assertFalse(created.succeeded(), "a reader must not create servers: " + created);
        assertTrue(created.stderr().contains("HTTP 403"), "refused with 403: " + created);
    }

    /** kumo-tiny when the image service has it, else whatever active image there is. */
    private String bootableImage() {
        JsonNode images = alice.json("image", "list");
        List<String> names = column(images, "Name");
        assertFalse(names.isEmpty(), "GET /image/v2/images lists no image, so nothing can boot from one");
        return names.contains("kumo-tiny") ? "kumo-tiny" : names.get(0);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** An OpenSSH "ssh-ed25519 AAAA..." line for a fresh key (the raw key is the X.509 encoding's tail). */
    private static String ed25519PublicKey() throws Exception {
        byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + raw.length);
        blob.putInt(type.length).put(type).putInt(raw.length).put(raw);
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " cli@kumo-e2e\n";
    }
}
