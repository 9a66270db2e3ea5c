package dev.kumo.e2e;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client as light as a script's: the JDK's plain HttpURLConnection (keep-alive, one write per request) and a
 * string search, so the figures are the API's and not the cost of parsing JSON in a test framework on the same
 * two cores. (The JDK's newer HttpClient added ~150 ms per create here, against ~70 ms from Python's urllib.)
 * Polls every {@code kumo.bench.poll-ms} (2 ms unless set): each poll is a GET the gateway serves on the same
 * two cores, so a faster poll steals time from the create it waits for.
 */
final class LightClient {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final long POLL_MILLIS = Long.getLong("kumo.bench.poll-ms", 2);

    private final String token;
    private final String image;

    LightClient(String token, String image) {
        this.token = token;
        this.image = image;
    }

    /**
     * Creates a server without network interfaces ({@code "networks": "none"}, 2.37): the benchmarks measure
     * scheduling and building, and a storm of 1,000 servers would not fit in a tenant network's /24.
     */
    String create(String name) throws IOException {
        String body = "{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"42\", \"imageRef\": \"" + image
                + "\", \"networks\": \"none\"}}";
        HttpURLConnection post = open("/compute/v2.1/servers");
        post.setRequestMethod("POST");
        post.setRequestProperty("OpenStack-API-Version", "compute 2.37");
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
            Thread.sleep(POLL_MILLIS);
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

    /**
     * One keep-alive HTTP/1.1 connection, as a script holds one (python-requests' session does the same): a GET
     * goes out in one write and its answer is read to the last byte of the body, sized by Content-Length or
     * chunks. Nothing else: no pool, no selector thread, no copying between buffers of another thread.
     */
    static final class Connection implements Closeable {

        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI api) {
            this.host = api.getHost();
            this.port = api.getPort() < 0 ? 80 : api.getPort();
        }

        /** The answer to {@code GET path}, its header names in lower case. */
        Answer get(String path, Map<String, String> headers) throws IOException {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                out = socket.getOutputStream();
            }
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append(':').append(port).append("\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = line();
            Map<String, String> answerHeaders = new HashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                answerHeaders.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            byte[] body = "chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding")) ? chunked()
                    : exactly(Integer.parseInt(answerHeaders.getOrDefault("content-length", "0")));
            if ("close".equalsIgnoreCase(answerHeaders.get("connection"))) {
                close();
            }
            return new Answer(Integer.parseInt(status.substring(9, 12)), answerHeaders, body);
        }

        private byte[] chunked() throws IOException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(64 * 1024);
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(exactly(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers: none expected, skipped
            }
            return body.toByteArray();
        }

        private int chunkSize() throws IOException {
            String line = line();
            int extension = line.indexOf(';');
            return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).strip(), 16);
        }

        private byte[] exactly(int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new EOFException("the connection closed " + bytes.length + " bytes into a " + length
                        + "-byte body");
            }
            return bytes;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the connection closed within an answer's head");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    /** An HTTP answer: status, headers (names in lower case) and the whole body as received. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }
}
