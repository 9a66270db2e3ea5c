package dev.kumo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client as light as a script's: the JDK's plain HttpURLConnection (keep-alive, one write per request) and a
 * string search, so the figures are the API's and not the cost of parsing JSON in a test framework on the same
 * two cores. (The JDK's newer HttpClient added ~150 ms per create here, against ~70 ms from Python's urllib.)
 * Polls every 2 ms.
 */
final class LightClient {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final String token;
    private final String image;

    LightClient(String token, String image) {
        this.token = token;
        this.image = image;
    }

    String create(String name) throws IOException {
        String body = "{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \"" + image
                + "\"}}";
        HttpURLConnection post = open("/compute/v2.1/servers");
        post.setRequestMethod("POST");
        post.setDoOutput(true);
        post.setRequestProperty("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        post.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = post.getOutputStream()) {
            out.write(bytes);
        }
        String answer = read(post);
        Matcher id = ID.matcher(answer);
        if (post.getResponseCode() != 202 || !id.find()) {
            throw new AssertionError("POST /servers answered " + post.getResponseCode() + ": " + answer);
        }
        return id.group(1);
    }

    void awaitActive(String id) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < giveUp) {
            String body = read(open("/compute/v2.1/servers/" + id));
            if (body.contains("\"status\":\"ACTIVE\"")) {
                return;
            }
            if (body.contains("\"status\":\"ERROR\"")) {
                throw new AssertionError("server " + id + " went to ERROR during the benchmark: " + body);
            }
            Thread.sleep(2);
        }
        throw new AssertionError("server " + id + " not ACTIVE within 60 s");
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(KumoSystem.API + path).toURL().openConnection();
        connection.setRequestProperty("X-Auth-Token", token);
        return connection;
    }

    private static String read(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
