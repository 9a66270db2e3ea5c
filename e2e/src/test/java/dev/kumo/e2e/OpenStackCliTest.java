package dev.kumo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code openstack} CLI (Debian's python3-openstackclient) against the running system, with the
 * clouds.yaml that {@code ./kumo up} writes: what a tenant types.
 */
class OpenStackCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aTenantGetsATokenAndSeesTheCatalog() throws Exception {
        JsonNode token = openstack("kumo-alice", "token", "issue");
        assertEquals("acbe4d7a2c1f4e0b9d3a6f1e2b7c8d90", token.path("project_id").asText());

        JsonNode catalog = openstack("kumo-alice", "catalog", "list");
        List<String> types = new ArrayList<>();
        catalog.forEach(entry -> types.add(entry.path("Type").asText()));
        assertTrue(types.containsAll(List.of("compute", "image", "network", "identity")), "catalog " + types);
    }

    @Test
    void theDemoFlavorsAreListed() throws Exception {
        JsonNode flavors = openstack("kumo-bob", "flavor", "list");
        List<String> names = new ArrayList<>();
        flavors.forEach(flavor -> names.add(flavor.path("Name").asText()));
        assertTrue(names.containsAll(List.of("m1.nano", "m1.tiny", "m1.small", "m1.medium", "m1.large")),
                "flavors " + names);
    }

    /** Names of images are not looked up: the image service (Glance API) is not routed yet. */
    @Test
    void aTenantListsItsOwnServersAndNeverAnotherTenants() throws Exception {
        Compute alice = Compute.as("alice");
        String id = alice.createServer("cli-visible", "42");
        alice.awaitSettled(id, Duration.ofSeconds(30));

        assertTrue(ids(openstack("kumo-alice", "server", "list", "--no-name-lookup")).contains(id));
        assertTrue(ids(openstack("kumo-carol", "server", "list", "--no-name-lookup")).contains(id), "a reader of acme sees it");
        assertFalse(ids(openstack("kumo-bob", "server", "list", "--no-name-lookup")).contains(id), "globex does not");
        assertEquals("ACTIVE", openstack("kumo-alice", "server", "show", id).path("status").asText());

        alice.delete(id);
        alice.awaitGone(id, Duration.ofSeconds(30));
    }

    private static List<String> ids(JsonNode servers) {
        List<String> ids = new ArrayList<>();
        servers.forEach(server -> ids.add(server.path("ID").asText()));
        return ids;
    }

    /** Runs {@code openstack <args> -f json} as a cloud of clouds.yaml and parses what it prints. */
    static JsonNode openstack(String cloud, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openstack", "--os-cloud", cloud));
        command.addAll(List.of(args));
        command.addAll(List.of("-f", "json"));
        Process process = new ProcessBuilder(command).directory(KumoSystem.ROOT.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 2 minutes");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " failed (" + process.exitValue() + "): "
                    + new String(err, StandardCharsets.UTF_8));
        }
        return JSON.readTree(out);
    }
}
