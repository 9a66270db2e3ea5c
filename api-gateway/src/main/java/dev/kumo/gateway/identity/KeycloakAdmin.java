package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keycloak's admin API as the gateway uses it, with its own service account ({@code kumo-gateway}): creates
 * and deletes the confidential clients that back application credentials, and reads a user's roles.
 * <p>
 * A credential's client authenticates with the credential's secret (client-credentials grant); its service
 * account holds the credential's realm roles, and hard-coded claims put the credential's project, owner and
 * id into every token, so a token from it looks like the owner's own token to the rest of Kumo.
 */
@ApplicationScoped
public class KeycloakAdmin {

    /** Claims a credential's tokens carry besides Keycloak's own. */
    public static final String OWNER_ID_CLAIM = "kumo_user_id";
    public static final String OWNER_NAME_CLAIM = "kumo_user_name";
    public static final String CREDENTIAL_CLAIM = "application_credential_id";

    private static final Logger LOG = Logger.getLogger(KeycloakAdmin.class);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String realmUrl;
    private final String adminUrl;
    private final String clientId;
    private final String clientSecret;

    private String adminToken;
    private Instant adminTokenExpiry = Instant.EPOCH;

    public KeycloakAdmin(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl,
            @ConfigProperty(name = "kumo.identity.gateway-client-id") String clientId,
            @ConfigProperty(name = "kumo.identity.gateway-client-secret") String clientSecret) {
        this.realmUrl = realmUrl.endsWith("/") ? realmUrl.substring(0, realmUrl.length() - 1) : realmUrl;
        this.adminUrl = this.realmUrl.replaceFirst("/realms/", "/admin/realms/");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** Creates the client behind the credential, with its secret, claims and roles; returns Keycloak's id of it. */
    public String createCredentialClient(ApplicationCredential credential, String secret) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", credential.clientId());
        client.put("name", "Application credential " + credential.name + " of " + credential.userName);
        client.put("description", "Backs the Keystone application credential " + credential.id
                + "; managed by the Kumo API gateway.");
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", secret);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        client.put("implicitFlowEnabled", false);
        client.put("frontchannelLogout", false);
        client.put("fullScopeAllowed", true);
        client.put("protocolMappers", List.of(
                claim("project_id", credential.projectId),
                claim("project_name", credential.projectName),
                claim(OWNER_ID_CLAIM, credential.userId),
                claim(OWNER_NAME_CLAIM, credential.userName),
                claim(CREDENTIAL_CLAIM, credential.id)));
        HttpResponse<String> created = send("POST", "/clients", client);
        if (created.statusCode() != 201) {
            throw unavailable("create the client of an application credential", created);
        }
        String location = created.headers().firstValue("Location").orElseThrow(
                () -> new IdentityError(503, "The identity provider did not say where the new client is."));
        String clientUuid = location.substring(location.lastIndexOf('/') + 1);
        try {
            grantRealmRoles(clientUuid, credential.roleNames());
        } catch (RuntimeException e) {
            deleteClient(clientUuid);
            throw e;
        }
        return clientUuid;
    }

    /** Deletes a credential's client; a client already gone is fine. */
    public void deleteClient(String clientUuid) {
        HttpResponse<String> deleted = send("DELETE", "/clients/" + clientUuid, null);
        if (deleted.statusCode() != 204 && deleted.statusCode() != 404) {
            throw unavailable("delete the client of an application credential", deleted);
        }
    }

    /** A user of the realm as Keystone shows one. */
    public record User(String id, String name, boolean enabled, String projectId, String projectName) {
    }

    /** The user with this id, if there is one. */
    public Optional<User> user(String userId) {
        HttpResponse<String> response = send("GET", "/users/" + encode(userId), null);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw unavailable("read a user", response);
        }
        JsonNode user = read(response);
        JsonNode attributes = user.path("attributes");
        return Optional.of(new User(user.path("id").asText(), user.path("username").asText(),
                user.path("enabled").asBoolean(false), attributes.path("project_id").path(0).asText(null),
                attributes.path("project_name").path(0).asText(null)));
    }

    /** The realm roles (with composites) of an enabled user; empty when the user is gone or disabled. */
    public Optional<List<String>> realmRolesOfEnabledUser(String userId) {
        if (!user(userId).map(User::enabled).orElse(false)) {
            return Optional.empty();
        }
        HttpResponse<String> roles = send("GET", "/users/" + encode(userId) + "/role-mappings/realm/composite", null);
        if (roles.statusCode() != 200) {
            throw unavailable("read a user's roles", roles);
        }
        List<String> names = new ArrayList<>();
        read(roles).forEach(role -> names.add(role.path("name").asText()));
        return Optional.of(names);
    }

    /** Keycloak's reason for refusing a request, for an error message. */
    static String errorOf(HttpResponse<String> response, KeycloakAdmin admin) {
        try {
            JsonNode body = admin.read(response);
            return body.path("errorMessage").asText(body.path("error").asText("refused"));
        } catch (IdentityError e) {
            return "refused";
        }
    }

    /** The id at the end of a 201's {@code Location}: what Keycloak made. */
    static String createdId(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow(
                () -> new IdentityError(503, "The identity provider did not say where the new resource is."));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private void grantRealmRoles(String clientUuid, List<String> roleNames) {
        if (roleNames.isEmpty()) {
            return;
        }
        HttpResponse<String> account = send("GET", "/clients/" + clientUuid + "/service-account-user", null);
        if (account.statusCode() != 200) {
            throw unavailable("find the service account of an application credential", account);
        }
        String accountId = read(account).path("id").asText();
        List<JsonNode> roles = new ArrayList<>();
        for (String name : roleNames) {
            HttpResponse<String> role = send("GET", "/roles/" + encode(name), null);
            if (role.statusCode() != 200) {
                throw unavailable("read the realm role " + name, role);
            }
            roles.add(read(role));
        }
        HttpResponse<String> mapped = send("POST", "/users/" + accountId + "/role-mappings/realm", roles);
        if (mapped.statusCode() != 204) {
            throw unavailable("give an application credential its roles", mapped);
        }
    }

    private static Map<String, Object> claim(String name, String value) {
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", name, "claim.value", value == null ? "" : value,
                        "jsonType.label", "String", "access.token.claim", "true", "id.token.claim", "false",
                        "userinfo.token.claim", "true", "introspection.token.claim", "true"));
    }

    /** A call to the realm's admin API ({@code path} below {@code /admin/realms/REALM}), renewing the token once. */
    HttpResponse<String> send(String method, String path, Object body) {
        HttpResponse<String> response = sendOnce(method, path, body, token(false));
        if (response.statusCode() == 401) {
            response = sendOnce(method, path, body, token(true));
        }
        return response;
    }

    private HttpResponse<String> sendOnce(String method, String path, Object body, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + bearer);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IdentityError(503, "The identity provider is not available.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityError(503, "Interrupted while asking the identity provider.");
        }
    }

    /** The gateway's own admin token, kept until shortly before it expires. */
    private synchronized String token(boolean renew) {
        if (!renew && adminToken != null && Instant.now().isBefore(adminTokenExpiry)) {
            return adminToken;
        }
        String form = "grant_type=client_credentials&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw unavailable("authenticate the gateway's client " + clientId, response);
            }
            JsonNode answer = read(response);
            adminToken = answer.path("access_token").asText();
            adminTokenExpiry = Instant.now().plusSeconds(Math.max(0, answer.path("expires_in").asLong(60) - 30));
            return adminToken;
        } catch (IOException e) {
            throw new IdentityError(503, "The identity provider is not available.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityError(503, "Interrupted while asking the identity provider.");
        }
    }

    JsonNode read(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IdentityError(503, "The identity provider answered with something unexpected.");
        }
    }

    static IdentityError unavailable(String what, HttpResponse<String> response) {
        LOG.warnf("Keycloak answered %d when the gateway tried to %s: %s", response.statusCode(), what,
                response.body());
        return new IdentityError(503, "The identity provider refused to " + what + ".");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
