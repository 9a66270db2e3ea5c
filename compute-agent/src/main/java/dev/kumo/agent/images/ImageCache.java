package dev.kumo.agent.images;

import dev.kumo.agent.disks.DiskFormat;
import dev.kumo.agent.disks.QemuImg;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A host's images, downloaded once and shared by its instances (as the read-only backing file of each one's disk,
 * or as the kernel and ramdisk they boot). A download is verified against the image's sha512 (Glance's
 * {@code os_hash_value}; md5 {@code checksum} for an image that has no multihash) before it enters the cache,
 * and a qcow2 image that would make QEMU read other files (a backing or external data file) is refused.
 * Entries are named by image id; a file's modification time is when an instance last took it, and an entry no
 * instance uses is removed once it has been unused for the configured time.
 */
public final class ImageCache {

    private static final Logger LOG = Logger.getLogger(ImageCache.class);

    private final Path directory;
    private final ImageData images;
    private final QemuImg qemuImg;
    private final Clock clock;
    private final Duration keepUnused;
    private final Map<String, Object> downloads = new ConcurrentHashMap<>();

    public ImageCache(Path directory, ImageData images, QemuImg qemuImg, Clock clock, Duration keepUnused) {
        this.directory = directory.toAbsolutePath();
        this.images = images;
        this.qemuImg = qemuImg;
        this.clock = clock;
        this.keepUnused = keepUnused;
    }

    /** The image's facts, from the image service. */
    public ImageFacts describe(String imageId) {
        return images.describe(imageId);
    }

    /**
     * The cached file of the active image, downloading and verifying it first if it is not cached; concurrent
     * callers for one image wait for a single download.
     *
     * @throws ImageServiceException when the image is not active, cannot be read, or fails verification
     */
    public Path fetch(ImageFacts image) {
        Path cached = entry(image.id());
        synchronized (downloads.computeIfAbsent(image.id(), id -> new Object())) {
            if (!Files.exists(cached)) {
                download(image, cached);
            }
            touch(cached);
            return cached;
        }
    }

    /** Where the image's cached file is (or would be). */
    public Path path(String imageId) {
        return entry(imageId);
    }

    /** Whether the image is in the cache (for tests and diagnostics). */
    public boolean contains(String imageId) {
        return Files.exists(entry(imageId));
    }

    /** The image ids in the cache. */
    public Set<String> entries() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.contains("."))
                    .collect(java.util.stream.Collectors.toSet());
        } catch (java.nio.file.NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the image cache " + directory, e);
        }
    }

    /**
     * Removes the entries that no instance uses ({@code inUse} holds the image ids the host's instances use) and
     * that no instance took for the configured time; a download in progress is never touched.
     */
    public void evictUnused(Set<String> inUse) {
        FileTime cutoff = FileTime.from(clock.instant().minus(keepUnused));
        for (String imageId : entries()) {
            if (inUse.contains(imageId)) {
                continue;
            }
            synchronized (downloads.computeIfAbsent(imageId, id -> new Object())) {
                Path cached = entry(imageId);
                try {
                    if (Files.exists(cached) && Files.getLastModifiedTime(cached).compareTo(cutoff) <= 0) {
                        Files.delete(cached);
                        LOG.infof("image %s left the cache of %s: no instance uses it", imageId, directory);
                    }
                } catch (IOException e) {
                    LOG.warnf("cannot remove image %s from the cache: %s", imageId, e.getMessage());
                }
            }
        }
    }

    private Path entry(String imageId) {
        if (!imageId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new ImageServiceException("not an image id: " + imageId);
        }
        return directory.resolve(imageId);
    }

    private void download(ImageFacts image, Path cached) {
        if (!image.isActive()) {
            throw new ImageServiceException("image " + image.id() + " is " + image.status() + ", not active");
        }
        Path partial = cached.resolveSibling(image.id() + ".part");
        long started = System.nanoTime();
        try {
            Files.createDirectories(directory);
            MessageDigest digest = digestFor(image);
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                images.download(image.id(), out);
            }
            verify(image, HexFormat.of().formatHex(digest.digest()));
            refuseOtherFiles(image, partial);
            Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("image %s cached in %d ms (%d bytes)", image.id(), (System.nanoTime() - started) / 1_000_000,
                    Files.size(cached));
        } catch (IOException e) {
            throw new ImageServiceException("cannot cache image " + image.id() + ": " + e.getMessage(), e);
        } finally {
            partial.toFile().delete();
        }
    }

    private static MessageDigest digestFor(ImageFacts image) {
        try {
            return MessageDigest.getInstance(image.hashValue() != null ? "SHA-512" : "MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void verify(ImageFacts image, String actual) {
        String expected = image.hashValue() != null ? image.hashValue() : image.checksum();
        if (image.hashValue() != null && !"sha512".equalsIgnoreCase(image.hashAlgo())) {
            throw new ImageServiceException("image " + image.id() + " is hashed with " + image.hashAlgo()
                    + ", which this host does not verify");
        }
        if (expected == null) {
            throw new ImageServiceException("image " + image.id() + " has no checksum to verify its data against");
        }
        if (!expected.equalsIgnoreCase(actual)) {
            throw new ImageServiceException("the data of image " + image.id() + " does not match its "
                    + (image.hashValue() != null ? "sha512" : "md5") + " checksum: it was altered or damaged");
        }
    }

    private void refuseOtherFiles(ImageFacts image, Path file) {
        DiskFormat format = DiskFormat.ofGlance(image.diskFormat());
        if (format == DiskFormat.QCOW2 && qemuImg.info(file, format).namesOtherFiles()) {
            throw new ImageServiceException("image " + image.id() + " names a backing or data file: refused");
        }
    }

    private void touch(Path cached) {
        try {
            Files.setLastModifiedTime(cached, FileTime.from(clock.instant()));
        } catch (IOException e) {
            LOG.debugf("cannot touch %s: %s", cached, e.getMessage());
        }
    }
}
