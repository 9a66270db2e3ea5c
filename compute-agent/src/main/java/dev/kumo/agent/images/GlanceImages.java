package dev.kumo.agent.images;

import dev.kumo.agent.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/** {@link Images} and {@link ImageData} on the image service's Glance v2 API, with the agent's service token. */
@ApplicationScoped
public class GlanceImages implements Images, ImageData {

    private static final Logger LOG = Logger.getLogger(GlanceImages.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final HttpClient http;
    private final String url;
    private final ServiceToken token;

    @Inject
    public GlanceImages(AgentConfig config, Clock clock) {
        this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), config.images().url(),
                config.images(), clock);
    }

    private GlanceImages(HttpClient http, String url, AgentConfig.Images images, Clock clock) {
        this(http, url, new ServiceToken(http, URI.create(images.tokenUrl()), images.clientId(),
                images.clientSecret(), clock));
    }

    public GlanceImages(HttpClient http, String url, ServiceToken token) {
        this.http = http;
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
    }

    @Override
    public void copyData(String from, String to) {
        requireQueued(to);
        HttpResponse<InputStream> source = send(request(from).timeout(CALL_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream data = source.body()) {
            if (source.statusCode() != 200) {
                throw refused("read image " + from, source.statusCode(), data);
            }
            long size = source.headers().firstValueAsLong("Content-Length").orElse(-1);
            HttpResponse<String> upload = send(request(to)
                    .timeout(uploadTimeout(size))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(size >= 0 ? HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> data), size)
                            : HttpRequest.BodyPublishers.ofInputStream(() -> data))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() / 100 != 2) {
                throw new ImageServiceException("the image service refused to store image " + to + " ("
                        + upload.statusCode() + "): " + upload.body());
            }
        } catch (IOException e) {
            throw new ImageServiceException("cannot copy image " + from + " into image " + to + ": " + e, e);
        }
    }

    /**
     * The snapshot's image must still be waiting for data: one deleted meanwhile (a tenant may delete a snapshot
     * while it is saving) is not uploaded to at all.
     */
    private void requireQueued(String imageId) {
        HttpResponse<String> image = send(HttpRequest.newBuilder(URI.create(url + "/v2/images/" + imageId))
                .timeout(CALL_TIMEOUT)
                .header("X-Auth-Token", token.get())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (image.statusCode() == 404) {
            throw new ImageServiceException("image " + imageId + " was deleted before its data was uploaded");
        }
        String status = image.statusCode() == 200 ? json(image.body()).path("status").asText() : null;
        if (!"queued".equals(status)) {
            throw new ImageServiceException("image " + imageId + " no longer waits for data (" + image.statusCode()
                    + ", status " + status + ")");
        }
    }

    /**
     * Long enough to stream the image at a slow 5 MB/s, plus a minute: an upload that stalls (the image deleted
     * while it streams, a wedged image service) fails instead of holding the host's commands forever.
     */
    private static com.fasterxml.jackson.databind.JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ImageServiceException("the image service answered something that is not JSON: " + e, e);
        }
    }

    static Duration uploadTimeout(long size) {
        long seconds = 60 + Math.max(0, size) / (5L * 1024 * 1024);
        return Duration.ofSeconds(size < 0 ? 30 * 60 : seconds);
    }

    @Override
    public java.util.List<String> backupsNewestFirst(java.util.UUID instanceId, String backupType) {
        String query = "?instance_uuid=" + instanceId + "&image_type=backup&backup_type="
                + java.net.URLEncoder.encode(backupType, StandardCharsets.UTF_8)
                + "&sort_key=created_at&sort_dir=desc&limit=1000";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/v2/images" + query))
                .timeout(CALL_TIMEOUT)
                .header("X-Auth-Token", token.get())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new ImageServiceException("the image service refused to list the backups of instance " + instanceId
                    + " (" + response.statusCode() + "): " + response.body());
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        json(response.body()).path("images").forEach(image -> ids.add(image.path("id").asText()));
        return ids;
    }

    @Override
    public void deleteQuietly(String imageId) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/v2/images/" + imageId))
                    .timeout(CALL_TIMEOUT)
                    .header("X-Auth-Token", token.get())
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
                LOG.warnf("cannot delete image %s: %d %s", imageId, response.statusCode(), response.body());
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot delete image %s: %s", imageId, e.getMessage());
        }
    }

    @Override
    public ImageFacts describe(String imageId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/v2/images/" + imageId))
                .timeout(CALL_TIMEOUT)
                .header("X-Auth-Token", token.get())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new ImageServiceException("the image service refused to show image " + imageId + " ("
                    + response.statusCode() + "): " + response.body());
        }
        com.fasterxml.jackson.databind.JsonNode image = json(response.body());
        return new ImageFacts(imageId, image.path("status").asText(), text(image, "disk_format"),
                image.path("size").asLong(-1), text(image, "checksum"), text(image, "os_hash_algo"),
                text(image, "os_hash_value"), java.util.Optional.ofNullable(text(image, "kernel_id")),
                java.util.Optional.ofNullable(text(image, "ramdisk_id")));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode node, String field) {
        com.fasterxml.jackson.databind.JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    @Override
    public void download(String imageId, java.io.OutputStream out) {
        HttpResponse<InputStream> response = send(request(imageId).timeout(uploadTimeout(-1)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream data = response.body()) {
            if (response.statusCode() != 200) {
                throw refused("read image " + imageId, response.statusCode(), data);
            }
            data.transferTo(out);
        } catch (IOException e) {
            throw new ImageServiceException("cannot download image " + imageId + ": " + e, e);
        }
    }

    @Override
    public void upload(String imageId, java.nio.file.Path file, String diskFormat) {
        requireQueued(imageId);
        HttpResponse<String> patched = send(HttpRequest.newBuilder(URI.create(url + "/v2/images/" + imageId))
                .timeout(CALL_TIMEOUT)
                .header("X-Auth-Token", token.get())
                .header("Content-Type", "application/openstack-images-v2.1-json-patch")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "[{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"" + diskFormat + "\"}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (patched.statusCode() != 200) {
            throw new ImageServiceException("the image service refused to set the disk format of image " + imageId
                    + " (" + patched.statusCode() + "): " + patched.body());
        }
        try {
            long size = java.nio.file.Files.size(file);
            HttpResponse<String> upload = send(request(imageId)
                    .timeout(uploadTimeout(size))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() / 100 != 2) {
                throw new ImageServiceException("the image service refused to store image " + imageId + " ("
                        + upload.statusCode() + "): " + upload.body());
            }
        } catch (IOException e) {
            throw new ImageServiceException("cannot upload " + file + " into image " + imageId + ": " + e, e);
        }
    }

    private HttpRequest.Builder request(String imageId) {
        return HttpRequest.newBuilder(URI.create(url + "/v2/images/" + imageId + "/file"))
                .header("X-Auth-Token", token.get());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            HttpResponse<T> response = http.send(request, handler);
            if (response.statusCode() == 401) {
                token.invalidate();
            }
            return response;
        } catch (IOException e) {
            throw new ImageServiceException("cannot reach the image service at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageServiceException("interrupted while calling the image service", e);
        }
    }

    private static ImageServiceException refused(String what, int status, InputStream body) throws IOException {
        String text = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
        return new ImageServiceException("the image service refused to " + what + " (" + status + "): " + text);
    }
}
