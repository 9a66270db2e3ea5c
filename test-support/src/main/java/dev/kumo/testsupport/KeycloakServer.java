package dev.kumo.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to the Keycloak that {@code ./kumo up} runs (realm {@code kumo}, public client {@code kumo-cli}):
 * whether it answers, and access tokens by password grant. Base URL: {@code KUMO_KEYCLOAK_URL} (environment) or
 * system property {@code kumo.keycloak.url}, default {@value #DEFAULT_URL}.
 * <p>
 * Tests can also start a private one from the real distribution ({@link #start}): its own port, its own
 * database in a fresh directory, the realm created through the admin API; {@link #stop()} ends it.
 */
public final class KeycloakServer {

    public static final String DEFAULT_URL = "http://127.0.0.1:8180";
    public static final String REALM = "kumo";
    public static final String CLI_CLIENT = "kumo-cli";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    public static final String KEYCLOAK_VERSION = "26.5.6";
    private static final String BOOTSTRAP_ADMIN = "admin";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    public KeycloakServer(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The local Keycloak (see the class comment for how its URL is chosen). */
    public static KeycloakServer local() {
        String url = System.getenv("KUMO_KEYCLOAK_URL");
        if (url == null || url.isBlank()) {
            url = System.getProperty("kumo.keycloak.url", DEFAULT_URL);
        }
        return new KeycloakServer(url);
    }

    /**
     * The unpacked Keycloak distribution: {@code KUMO_KEYCLOAK_HOME} (environment) or system property
     * {@code kumo.keycloak.home}, else {@code .kumo/dist/keycloak-<version>} in the nearest directory above the
     * working directory that has one (where {@code ./kumo up} unpacks it).
     */
    public static Optional<Path> distribution() {
        String home = System.getenv("KUMO_KEYCLOAK_HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("kumo.keycloak.home");
        }
        if (home != null && !home.isBlank()) {
            return Optional.of(Path.of(home)).filter(KeycloakServer::isDistribution);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".kumo/dist/keycloak-" + KEYCLOAK_VERSION);
            if (isDistribution(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isDistribution(Path home) {
        return Files.isExecutable(home.resolve("bin/kc.sh"));
    }

    /**
     * Starts Keycloak from the distribution at {@code home} in dev mode on a free port of 127.0.0.1, with its
     * database and logs in {@code dataDir} (so it never shares state with the one {@code ./kumo up} runs), and
     * waits until its master realm answers. The bootstrap admin is admin/admin.
     */
    public static KeycloakServer start(Path home, Path dataDir, Duration timeout) {
        int port = freePort();
        KeycloakServer server = new KeycloakServer("http://127.0.0.1:" + port);
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--http-host=127.0.0.1", "--hostname=http://127.0.0.1:" + port,
                    "--db-url=jdbc:h2:file:" + dataDir.resolve("db/keycloakdb") + ";NON_KEYWORDS=VALUE")
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("keycloak.log").toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN);
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            // The transaction log would otherwise go below the distribution, shared with other instances.
            builder.environment().put("JAVA_OPTS_APPEND",
                    "-Dquarkus.transaction-manager.object-store.directory=" + dataDir.resolve("transaction-logs"));
            server.process = builder.start();
            // A test JVM that ends without stopping it must not leave a Keycloak behind.
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
        } catch (IOException e) {
            throw new IllegalStateException("could not start Keycloak from " + home + ": " + e, e);
        }
        if (!server.awaitAnswer("/realms/master/.well-known/openid-configuration", timeout)) {
            boolean died = server.process != null && !server.process.isAlive();
            server.stop();
            Path log = dataDir.resolve("keycloak.log");
            throw new IllegalStateException("Keycloak " + (died ? "exited" : "did not answer within " + timeout)
                    + " while starting; the end of " + log + ":\n" + tail(log, 40));
        }
        return server;
    }

    private static String tail(Path file, int lines) {
        try {
            java.util.List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Creates a realm from its JSON representation (as {@code --import-realm} would) with the bootstrap admin. */
    public void createRealm(Path realmJson) {
        String form = "grant_type=password&client_id=admin-cli&username=" + BOOTSTRAP_ADMIN + "&password="
                + BOOTSTRAP_ADMIN;
        HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(baseUrl
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        Matcher m = ACCESS_TOKEN.matcher(token.body());
        if (token.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("Keycloak's bootstrap admin could not log in: " + token.body());
        }
        HttpResponse<String> created;
        try {
            created = send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms"))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + m.group(1))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(realmJson)));
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + realmJson + ": " + e, e);
        }
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the realm " + realmJson + ": HTTP "
                    + created.statusCode() + " " + created.body());
        }
    }

    /** Stops a Keycloak this object started ({@code kc.sh} and the JVM it runs). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        process = null;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code {base}/realms/kumo}: the issuer of the realm's tokens. */
    public String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** Whether the realm's OpenID configuration answers 200. */
    public boolean isUp() {
        return answers(issuer() + "/.well-known/openid-configuration");
    }

    private boolean awaitAnswer(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answers(baseUrl + path)) {
            if (System.nanoTime() > deadline || (process != null && !process.isAlive())) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean answers(String url) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until {@link #isUp()} or the timeout passes; returns whether it is up. */
    public boolean awaitUp(Duration timeout) {
        return awaitAnswer("/realms/" + REALM + "/.well-known/openid-configuration", timeout);
    }

    /** An access token for the user (password grant with client {@code kumo-cli}); fails on any non-200 answer. */
    public String accessToken(String username, String password) {
        String form = "grant_type=password&client_id=" + enc(CLI_CLIENT) + "&username=" + enc(username)
                + "&password=" + enc(password) + "&scope=openid";
        HttpRequest req = HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + baseUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("password grant for " + username + " failed: HTTP " + resp.statusCode()
                    + " " + resp.body());
        }
        Matcher m = ACCESS_TOKEN.matcher(resp.body());
        if (!m.find()) {
            throw new IllegalStateException("no access_token in Keycloak's answer: " + resp.body());
        }
        return m.group(1);
    }

    /** The JSON payload (claims) of a JWT, decoded but not verified. */
    public static String claimsJson(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a JWT");
        }
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + baseUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
