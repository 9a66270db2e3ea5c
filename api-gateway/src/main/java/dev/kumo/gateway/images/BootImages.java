package dev.kumo.gateway.images;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The images servers boot from, as a project last saw them: an active image a project could see is remembered for
 * {@code kumo.gateway.boot-image-ttl} (default 5 s), so a burst of creates from one image asks the image service
 * once, not once per server (in a 1,000-server storm that call was the image service's whole load and an eighth of
 * the machine). A change of the image made through this gateway (delete, update, deactivation, members) forgets it
 * at once; one made elsewhere shows within the ttl, the same window Nova has between its API's check and the
 * compute host's download. Images that are not active, and images not found, are never remembered.
 */
@ApplicationScoped
public class BootImages {

    /** Distinct images remembered at most; past it the memory starts over. */
    static final int MAX_IMAGES = 1024;

    private final ImageCatalog catalog;
    private final long ttlNanos;
    private final Map<String, Map<String, Seen>> byImage = new ConcurrentHashMap<>();
    private final Counter remembered;
    private final Counter asked;

    public BootImages(ImageCatalog catalog, MeterRegistry metrics,
            @ConfigProperty(name = "kumo.gateway.boot-image-ttl", defaultValue = "5s") Duration ttl) {
        this.catalog = catalog;
        this.ttlNanos = ttl.toNanos();
        this.remembered = metrics.counter("kumo.gateway.boot_images", "answer", "remembered");
        this.asked = metrics.counter("kumo.gateway.boot_images", "answer", "asked");
    }

    /** The image the project boots from, if it can see it ({@code token} asks the image service as the caller). */
    public Optional<Image> find(String imageId, String projectId, String token) {
        long now = System.nanoTime();
        Seen seen = byImage.getOrDefault(imageId, Map.of()).get(projectId);
        if (seen != null && now - seen.atNanos() < ttlNanos) {
            remembered.increment();
            return Optional.of(seen.image());
        }
        asked.increment();
        Optional<Image> found = catalog.find(imageId, token);
        found.filter(Image::isActive).ifPresent(image -> remember(imageId, projectId, new Seen(image, now)));
        return found;
    }

    /** The image changed or went: every project asks the image service again. */
    public void forget(String imageId) {
        byImage.remove(imageId);
    }

    private void remember(String imageId, String projectId, Seen seen) {
        if (ttlNanos <= 0) {
            return;
        }
        if (byImage.size() >= MAX_IMAGES && !byImage.containsKey(imageId)) {
            byImage.clear();
        }
        byImage.computeIfAbsent(imageId, id -> new ConcurrentHashMap<>()).put(projectId, seen);
    }

    private record Seen(Image image, long atNanos) {
    }
}
