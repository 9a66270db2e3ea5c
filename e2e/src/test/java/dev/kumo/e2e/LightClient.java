package dev.kumo.e2e;

import java.time.Duration;

/**
 * A client as light as a script's: the JDK's HTTP client and a string search, so the figures are the API's and
 * not the cost of parsing JSON in a test framework on the same two cores. Polls every 2 ms.
 */
final class LightClient {

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    private final String token;
    private final String image;

    LightClient(String token, String image) {
        this.token = token;
        this.image = image;
    }

    String create(String name) throws Exception {
        String body = "{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \"" + image
                + "\"}}";
        java.net.http.HttpResponse<String> answer = http.send(request("/compute/v2.1/servers")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher id = ID.matcher(answer.body());
        if (answer.statusCode() != 202 || !id.find()) {
            throw new AssertionError("POST /servers answered " + answer.statusCode() + ": " + answer.body());
        }
        return id.group(1);
    }

    void awaitActive(String id) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        java.net.http.HttpRequest show = request("/compute/v2.1/servers/" + id).GET().build();
        while (System.nanoTime() < giveUp) {
            String body = http.send(show, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
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

    private java.net.http.HttpRequest.Builder request(String path) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(KumoSystem.API + path))
                .header("X-Auth-Token", token);
    }
}
