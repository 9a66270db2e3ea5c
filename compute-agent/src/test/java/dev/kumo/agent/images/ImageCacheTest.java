package dev.kumo.agent.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.disks.QemuImg;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {

    @TempDir
    Path dir;

    private final ServedImages served = new ServedImages();
    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");

    private ImageCache cache(Duration keepUnused) {
        return new ImageCache(dir.resolve("cache"), served, new QemuImg(), Clock.fixed(now, ZoneOffset.UTC),
                keepUnused);
    }

    @Test
    void anImageIsDownloadedOnceVerifiedAndSharedByConcurrentCallers() throws Exception {
        ImageFacts image = served.add("img-1", "raw", "guest disk bytes".getBytes(StandardCharsets.UTF_8));
        ImageCache cache = cache(Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<Path>> fetched = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fetched.add(pool.submit(() -> cache.fetch(image)));
            }
            for (Future<Path> path : fetched) {
                assertArrayEquals("guest disk bytes".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(path.get()));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, served.downloads.get());
        assertEquals(Set.of("img-1"), cache.entries());
    }

    @Test
    void dataThatDoesNotMatchItsSha512IsRefusedAndNotCached() {
        ImageFacts image = served.add("img-2", "raw", "the real bytes".getBytes(StandardCharsets.UTF_8));
        served.data.put("img-2", "altered bytes!".getBytes(StandardCharsets.UTF_8));
        ImageCache cache = cache(Duration.ZERO);

        ImageServiceException refused = assertThrows(ImageServiceException.class, () -> cache.fetch(image));

        assertTrue(refused.getMessage().contains("does not match its sha512"), refused.getMessage());
        assertFalse(cache.contains("img-2"));
        assertEquals(Set.of(), cache.entries(), "no partial download left");
    }

    @Test
    void anImageThatIsNotActiveIsNotDownloaded() {
        ImageFacts queued = new ImageFacts("img-3", "queued", "raw", 0, null, null, null, Optional.empty(),
                Optional.empty());

        assertThrows(ImageServiceException.class, () -> cache(Duration.ZERO).fetch(queued));
        assertEquals(0, served.downloads.get());
    }

    @Test
    void aQcow2ImageNamingABackingFileIsRefused() throws Exception {
        Path host = dir.resolve("host-secret.raw");
        Files.write(host, new byte[4096]);
        Path evil = dir.resolve("evil.qcow2");
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", host.toString(),
                evil.toString()).inheritIO().start().waitFor();
        ImageFacts image = served.add("img-4", "qcow2", Files.readAllBytes(evil));

        ImageServiceException refused = assertThrows(ImageServiceException.class, () -> cache(Duration.ZERO).fetch(image));

        assertTrue(refused.getMessage().contains("names a backing or data file"), refused.getMessage());
    }

    @Test
    void unusedEntriesLeaveOnlyAfterTheirKeepTimeAndUsedOnesStay() {
        ImageFacts used = served.add("img-5", "raw", new byte[] {1});
        ImageFacts unused = served.add("img-6", "raw", new byte[] {2});
        ImageCache keeping = cache(Duration.ofHours(1));
        keeping.fetch(used);
        keeping.fetch(unused);

        keeping.evictUnused(Set.of("img-5"));
        assertEquals(Set.of("img-5", "img-6"), keeping.entries(), "taken just now: kept for an hour");

        cache(Duration.ZERO).evictUnused(Set.of("img-5"));
        assertEquals(Set.of("img-5"), keeping.entries());
    }

    @Test
    void anIdThatCouldEscapeTheCacheDirectoryIsRefused() {
        ImageFacts image = new ImageFacts("../../etc", "active", "raw", 1, null, "sha512", "00", Optional.empty(),
                Optional.empty());

        assertThrows(ImageServiceException.class, () -> cache(Duration.ZERO).fetch(image));
    }

    /** An image service holding images in memory, with their sha512 as Glance computes it on upload. */
    static final class ServedImages implements ImageData {

        final Map<String, byte[]> data = new HashMap<>();
        final Map<String, ImageFacts> facts = new HashMap<>();
        final AtomicInteger downloads = new AtomicInteger();

        ImageFacts add(String id, String diskFormat, byte[] bytes) {
            ImageFacts image = new ImageFacts(id, "active", diskFormat, bytes.length, null, "sha512", sha512(bytes),
                    Optional.empty(), Optional.empty());
            data.put(id, bytes);
            facts.put(id, image);
            return image;
        }

        @Override
        public ImageFacts describe(String imageId) {
            return Optional.ofNullable(facts.get(imageId))
                    .orElseThrow(() -> new ImageServiceException("no image " + imageId));
        }

        @Override
        public void download(String imageId, OutputStream out) {
            downloads.incrementAndGet();
            try {
                Thread.sleep(50); // long enough for concurrent callers to meet
                out.write(data.get(imageId));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void upload(String imageId, Path file, String diskFormat) {
            throw new UnsupportedOperationException();
        }

        static String sha512(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
