package dev.kumo.gateway.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.KeycloakServer;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Logging in to the portal through the real Keycloak, as a browser does: the authorization code flow with PKCE,
 * Keycloak's own login form, then pages from the session cookie; the API keeps its own bearer tokens.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PortalKeycloakTestResource.class, restrictToAnnotatedClass = true)
@EnabledIf("dev.kumo.gateway.identity.RealKeycloakTestResource#available")
class PortalLoginOnKeycloakTest {

    private static final Pattern FORM_ACTION = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    private final String portal = "http://127.0.0.1:" + PortalKeycloakTestResource.PORT + "/portal";

    @Test
    void aUserLogsInWithTheCodeFlowAndPkceAndSeesTheirProject() throws Exception {
        Browser browser = browser();

        HttpResponse<String> toKeycloak = get(browser, portal + "/instances");
        assertEquals(302, toKeycloak.statusCode());
        String authorize = toKeycloak.headers().firstValue("Location").orElseThrow();
        assertTrue(authorize.startsWith(issuer + "/protocol/openid-connect/auth"), authorize);
        assertTrue(authorize.contains("client_id=kumo-portal"), authorize);
        assertTrue(authorize.contains("code_challenge=") && authorize.contains("code_challenge_method=S256"),
                "PKCE: " + authorize);

        String back = logIn(browser, authorize, "alice", "alice");
        assertTrue(back.startsWith(portal + "/instances?") && back.contains("code="), back);
        HttpResponse<String> session = get(browser, back);
        assertEquals(302, session.statusCode(), "the code is exchanged, then the address is cleaned up");
        HttpResponse<String> page = get(browser, portal + "/instances");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<span id=\"who\">alice</span>"), page.body());
        assertTrue(page.body().contains("<span id=\"project\">acme</span>"), page.body());
        assertTrue(page.body().contains("id=\"create-instance\""), "a member may create instances");
    }

    @Test
    void theApiTakesNoPortalSessionAndThePortalNoApiToken() throws Exception {
        Browser browser = browser();
        String authorize = get(browser, portal + "/instances").headers().firstValue("Location").orElseThrow();
        get(browser, logIn(browser, authorize, "carol", "carol"));
        assertEquals(200, get(browser, portal + "/instances").statusCode());

        // A browser keeps the session cookie to /portal; sent to the API on purpose, it is refused there.
        HttpResponse<String> apiWithCookie = get(browser, portal.replace("/portal", "/compute/v2.1/servers"));
        assertEquals(401, apiWithCookie.statusCode(), "the session cookie is no API credential");

        String token = new KeycloakServer(issuer.substring(0, issuer.indexOf("/realms/"))).accessToken("carol",
                "carol");
        HttpResponse<String> api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(
                portal.replace("/portal", "/compute/v2.1/servers"))).header("X-Auth-Token", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, api.statusCode(), "the API still takes Keycloak tokens in X-Auth-Token");
        HttpResponse<String> portalWithToken = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(
                portal + "/instances")).header("X-Auth-Token", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, portalWithToken.statusCode(), "the portal sends a caller without a session to log in");
    }

    /** Keycloak's login form, filled in and sent; returns where Keycloak sends the browser back. */
    private static String logIn(Browser browser, String authorize, String user, String password) throws Exception {
        HttpResponse<String> form = get(browser, authorize);
        assertEquals(200, form.statusCode());
        Matcher action = FORM_ACTION.matcher(form.body());
        assertTrue(action.find(), "Keycloak's login form");
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> sent = browser.send(HttpRequest.newBuilder(URI.create(action.group(1)
                        .replace("&amp;", "&"))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(302, sent.statusCode(), sent.body());
        return sent.headers().firstValue("Location").orElseThrow();
    }

    private static HttpResponse<String> get(Browser browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET());
    }

    private static Browser browser() {
        return new Browser();
    }

    /**
     * Just enough of a browser: follows nothing by itself and keeps every cookie it is given (Keycloak's on its port
     * and the portal's on the gateway's, both on 127.0.0.1, by name), sending them all back.
     */
    private static final class Browser {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final java.util.Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(java.util.stream.Collectors.joining("; ")));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('=')).strip();
                String value = pair.substring(pair.indexOf('=') + 1).strip();
                if (value.isEmpty() || set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }
    }
}
