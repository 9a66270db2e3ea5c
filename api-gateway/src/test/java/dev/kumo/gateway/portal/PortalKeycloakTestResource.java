package dev.kumo.gateway.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.identity.RealKeycloakTestResource;
import dev.kumo.testsupport.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real Keycloak with the repository's realm, for the portal's login: the gateway listens on a port chosen here,
 * and the realm's {@code kumo-portal} client also takes that port's {@code /portal/*} as a redirect URI.
 */
public class PortalKeycloakTestResource extends RealKeycloakTestResource {

    static final int PORT = freePort();

    @Override
    protected Path realm(Path realmFile) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode realm = (ObjectNode) json.readTree(realmFile.toFile());
            realm.withArray("clients").forEach(client -> {
                if ("kumo-portal".equals(client.path("clientId").asText())) {
                    ((ArrayNode) client.get("redirectUris")).add("http://127.0.0.1:" + PORT + "/portal/*");
                }
            });
            Path copy = Files.createTempFile("kumo-realm-portal", ".json");
            json.writeValue(copy.toFile(), realm);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, String> properties(KeycloakServer keycloak) {
        return Map.of("quarkus.oidc.auth-server-url", keycloak.issuer(),
                "quarkus.oidc.portal.auth-server-url", keycloak.issuer(),
                "quarkus.oidc.portal.application-type", "web-app",
                "quarkus.oidc.portal.client-id", "kumo-portal",
                "quarkus.oidc.portal.credentials.secret", "kumo-portal-secret",
                "quarkus.http.test-port", Integer.toString(PORT));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
