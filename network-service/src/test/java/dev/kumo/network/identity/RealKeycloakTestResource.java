package dev.kumo.network.identity;

import dev.kumo.testsupport.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak for network-service (as api-gateway's tests start it): started from the distribution {@code ./kumo up} unpacks (see
 * {@link KeycloakServer#distribution()}), on a free port with a database of its own, with the realm of
 * {@code deploy/keycloak/kumo-realm.json} created in it. With system property {@code kumo.test.keycloak.url}
 * the tests use a Keycloak already running there instead (its realm {@code kumo} must be that file's).
 */
public class RealKeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String REUSE = "kumo.test.keycloak.url";

    private KeycloakServer server;
    private Path dataDir;

    /**
     * Whether the suites on a real Keycloak can run here: a distribution exists, or one is running for
     * them, or {@code KUMO_REQUIRE_KEYCLOAK=true} says they must run (and fail without one).
     */
    public static boolean available() {
        return KeycloakServer.distribution().isPresent() || System.getProperty(REUSE) != null
                || "true".equals(System.getenv("KUMO_REQUIRE_KEYCLOAK"));
    }

    @Override
    public Map<String, String> start() {
        String reuse = System.getProperty(REUSE);
        if (reuse != null) {
            return Map.of("quarkus.oidc.auth-server-url", new KeycloakServer(reuse).issuer());
        }
        Path home = KeycloakServer.distribution().orElseThrow(() -> new IllegalStateException(
                "No Keycloak distribution: run ./kumo up once (it unpacks one into .kumo/dist) or set "
                        + "KUMO_KEYCLOAK_HOME"));
        server = startWithOneRetry(home);
        server.createRealm(realmFile());
        return Map.of("quarkus.oidc.auth-server-url", server.issuer());
    }

    /**
     * The free port Keycloak is given can be taken by another test resource starting at the same time (they
     * start in parallel, each picking its own free port): a Keycloak that fails to start gets one more try.
     */
    private KeycloakServer startWithOneRetry(Path home) {
        try {
            return startIn(home);
        } catch (IllegalStateException first) {
            System.err.println("[kumo-test] Keycloak failed to start, trying once more: " + first.getMessage());
            deleteDataDir();
            return startIn(home);
        }
    }

    private KeycloakServer startIn(Path home) {
        try {
            dataDir = Files.createTempDirectory("kumo-keycloak-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return KeycloakServer.start(home, dataDir, Duration.ofMinutes(5));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        deleteDataDir();
    }

    private void deleteDataDir() {
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("[kumo-test] could not remove " + dataDir + ": " + e);
            }
        }
    }

    private static Path realmFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path realm = dir.resolve("deploy/keycloak/kumo-realm.json");
            if (Files.isRegularFile(realm)) {
                return realm;
            }
        }
        throw new IllegalStateException("deploy/keycloak/kumo-realm.json not found above " + Path.of("").toAbsolutePath());
    }
}
