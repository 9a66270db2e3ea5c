package dev.kumo.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.kumo.gateway.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.core.http.HttpMethod;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How large a body each route takes: image data streams through to the image service (played by WireMock)
 * whatever its size, every JSON API refuses a body over 10 MiB with a 413 in its own error shape.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class BodyLimitsTest {

    private static final int LIMIT = 10 << 20;
    private static final String IMAGE = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";

    @OidcWireMock
    WireMockServer imageService;

    @TestHTTPResource("/")
    URI gateway;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String testId = UUID.randomUUID().toString();

    @BeforeEach
    void imageService() {
        imageService.stubFor(put(urlPathMatching("/v2/images/[^/]+/file")).willReturn(aResponse().withStatus(204)));
        imageService.stubFor(post(urlPathEqualTo("/v2/images")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": \"" + IMAGE + "\"}")));
    }

    @AfterEach
    void forgetTheBodies() {
        imageService.removeServeEventsMatching(anyRequestedFor(anyUrl()).withHeader("X-Test-Id", equalTo(testId))
                .build());
    }

    @Test
    void imageDataLargerThanTheLimitStreamsThroughToTheImageService() throws Exception {
        byte[] data = generated(2 * LIMIT + 1);

        HttpResponse<String> answer = send(request("PUT", "/image/v2/images/" + IMAGE + "/file",
                BodyPublishers.ofByteArray(data)));

        assertEquals(204, answer.statusCode(), answer.body());
        assertArrayEquals(sha256(data), sha256(receivedBody("/v2/images/" + IMAGE + "/file")));
    }

    @Test
    void imageDataOfUnknownLengthStreamsThroughToo() throws Exception {
        byte[] data = generated(2 * LIMIT + 1);

        HttpResponse<String> answer = send(request("PUT", "/image/v2/images/" + IMAGE + "/file",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))));

        assertEquals(204, answer.statusCode(), answer.body());
        assertArrayEquals(sha256(data), sha256(receivedBody("/v2/images/" + IMAGE + "/file")));
    }

    @Test
    void anUploadThatWaitsFor100ContinueIsToldToGoOnByTheImageService() throws Exception {
        byte[] data = generated(LIMIT + 1);
        String path = "/image/v2/images/" + IMAGE + "/file";

        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(20_000);
            writeHead(socket, "PUT", path, "application/octet-stream", data.length);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(100, status(readHead(in)), "the image service's 100 Continue, relayed");
            socket.getOutputStream().write(data);
            socket.getOutputStream().flush();
            List<String> answer = readHead(in);
            assertEquals(204, status(answer), answer + readBody(in, answer));
        }
        assertArrayEquals(sha256(data), sha256(receivedBody("/v2/images/" + IMAGE + "/file")));
    }

    @Test
    void aBodyDeclaredOverTheLimitIs413InTheErrorShapeOfItsApiBeforeItIsSent() throws Exception {
        // As curl does for large bodies: Expect: 100-continue, and the body only once the server says so.
        Map<String, String> codeOf = Map.of(
                "/compute/v2.1/servers", "overLimit.code",
                "/identity/v3/auth/tokens", "error.code",
                "/image/v2/images", "error.code",
                "/network/v2.0/networks", "error.code");
        for (Map.Entry<String, String> api : codeOf.entrySet()) {
            assertTooLarge(headOnly(api.getKey(), LIMIT + 1), api.getValue());
        }
        assertTrue(imageService.findAll(anyRequestedFor(anyUrl()).withHeader("X-Test-Id", equalTo(testId)))
                .isEmpty(), "a refused body never reaches the service");
    }

    @Test
    void aClientThatSendsTheWholeOversizedBodyStillReadsThe413() throws Exception {
        HttpResponse<String> answer = send(request("POST", "/image/v2/images", json(3 * LIMIT)));

        assertTooLarge(answer, "error.code");
    }

    @Test
    void aJsonBodyOfUnknownLengthIsReadUpToTheLimitAndNoFurther() throws Exception {
        byte[] oversized = jsonBytes(LIMIT + 1);

        assertTooLarge(send(request("POST", "/compute/v2.1/servers",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized)))), "overLimit.code");
        assertTooLarge(send(request("POST", "/image/v2/images",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized)))), "error.code");
        assertTrue(imageService.findAll(anyRequestedFor(anyUrl()).withHeader("X-Test-Id", equalTo(testId)))
                .isEmpty(), "a refused body never reaches the service");
    }

    @Test
    void jsonBodiesWithinTheLimitReachTheirServiceWhole() throws Exception {
        byte[] body = "{\"name\": \"within-the-limit\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}"
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = send(request("POST", "/image/v2/images", BodyPublishers.ofByteArray(body)));
        HttpResponse<String> chunked = send(request("POST", "/image/v2/images",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertEquals(201, declared.statusCode(), declared.body());
        assertEquals(201, chunked.statusCode(), chunked.body());
        List<LoggedRequest> received = imageService.findAll(anyRequestedFor(urlPathEqualTo("/v2/images"))
                .withHeader("X-Test-Id", equalTo(testId)));
        assertEquals(2, received.size());
        received.forEach(request -> assertArrayEquals(body, request.getBody()));
    }

    @Test
    void onlyThePutOfAnImagesDataIsExempt() {
        assertTrue(BodyLimits.isImageData(HttpMethod.PUT, "/image/v2/images/" + IMAGE + "/file"));
        assertFalse(BodyLimits.isImageData(HttpMethod.POST, "/image/v2/images/" + IMAGE + "/file"));
        assertFalse(BodyLimits.isImageData(HttpMethod.PUT, "/image/v2/images/" + IMAGE));
        assertFalse(BodyLimits.isImageData(HttpMethod.PUT, "/image/v2/images/../file"));
        assertFalse(BodyLimits.isImageData(HttpMethod.PUT, "/image/v2/images/%2e%2e/file"));
        assertFalse(BodyLimits.isImageData(HttpMethod.PUT, "/compute/v2.1/images/" + IMAGE + "/file"));
    }

    private static void assertTooLarge(HttpResponse<String> answer, String codePath) {
        assertTooLarge(new Answer(answer.uri().getPath(), answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(""), answer.body()), codePath);
    }

    private static void assertTooLarge(Answer answer, String codePath) {
        assertEquals(413, answer.status(), answer.toString());
        assertEquals("application/json", answer.contentType(), answer.toString());
        JsonPath error = JsonPath.from(answer.body());
        assertEquals(413, error.getInt(codePath), answer.toString());
        String message = error.getString(codePath.replace("code", "message"));
        assertTrue(message.contains("10 MiB") && message.contains("image data"), message);
    }

    private HttpRequest request(String method, String path, BodyPublisher body) {
        return HttpRequest.newBuilder(gateway.resolve(path))
                .method(method, body)
                .header("Content-Type", path.endsWith("/file") ? "application/octet-stream" : "application/json")
                .header("X-Auth-Token", Tokens.alice())
                .header("X-Test-Id", testId)
                .build();
    }

    /**
     * Sends the head of a POST that announces a body of {@code length} bytes and waits for {@code 100 Continue}
     * before sending it (Java's HttpClient can hang when the answer is not 100, hence a plain socket); returns
     * the answer the gateway gives instead.
     */
    private Answer headOnly(String path, long length) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(20_000);
            writeHead(socket, "POST", path, "application/json", length);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            List<String> head = readHead(in);
            return new Answer(path, status(head), header(head, "Content-Type"), readBody(in, head));
        }
    }

    private void writeHead(Socket socket, String method, String path, String contentType, long length)
            throws IOException {
        String head = method + " " + path + " HTTP/1.1\r\n"
                + "Host: " + gateway.getHost() + ":" + gateway.getPort() + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + "Expect: 100-continue\r\n"
                + "X-Auth-Token: " + Tokens.alice() + "\r\n"
                + "X-Test-Id: " + testId + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static List<String> readHead(DataInputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            lines.add(line);
        }
        return lines;
    }

    private static int status(List<String> head) {
        return Integer.parseInt(head.get(0).split(" ")[1]);
    }

    private static String readBody(DataInputStream in, List<String> head) throws IOException {
        String length = header(head, "Content-Length");
        byte[] body = new byte[length.isEmpty() ? 0 : Integer.parseInt(length)];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String line(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the gateway closed the connection mid-answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String header(List<String> lines, String name) {
        return lines.stream().skip(1).filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse("");
    }

    private record Answer(String path, int status, String contentType, String body) {
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private byte[] receivedBody(String path) {
        List<LoggedRequest> received = imageService.findAll(anyRequestedFor(urlPathEqualTo(path))
                .withHeader("X-Test-Id", equalTo(testId)));
        assertEquals(1, received.size(), "requests the image service received at " + path);
        return received.get(0).getBody();
    }

    private static BodyPublisher json(int size) {
        return BodyPublishers.ofByteArray(jsonBytes(size));
    }

    /** A JSON object of exactly {@code size} bytes. */
    private static byte[] jsonBytes(int size) {
        String head = "{\"name\": \"";
        String tail = "\"}";
        return (head + "a".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] generated(int size) {
        byte[] data = new byte[size];
        new SplittableRandom(size).nextBytes(data);
        return data;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
