package dev.kumo.gateway.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootImagesTest {

    private static final String CIRROS = "7f1e1c5a-0b7e-4d4c-9a55-3c1b1f0e2a10";

    private final CountingCatalog catalog = new CountingCatalog();

    @Test
    void aBurstOfCreatesFromOneImageAsksTheImageServiceOncePerProject() {
        BootImages images = new BootImages(catalog, new SimpleMeterRegistry(), Duration.ofSeconds(5));
        catalog.images.put(CIRROS, image(CIRROS, "active"));

        for (int i = 0; i < 50; i++) {
            assertEquals("active", images.find(CIRROS, "acme", "token-a").orElseThrow().status());
        }
        images.find(CIRROS, "globex", "token-g");

        assertEquals(List.of("token-a", "token-g"), catalog.askedWith, "each project asks with its own token");
    }

    @Test
    void anImageChangedThroughTheGatewayIsAskedForAgain() {
        BootImages images = new BootImages(catalog, new SimpleMeterRegistry(), Duration.ofSeconds(5));
        catalog.images.put(CIRROS, image(CIRROS, "active"));
        images.find(CIRROS, "acme", "token-a");

        catalog.images.remove(CIRROS);
        images.forget(CIRROS);

        assertTrue(images.find(CIRROS, "acme", "token-a").isEmpty(), "deleted");
        assertEquals(2, catalog.askedWith.size());
    }

    @Test
    void imagesNotActiveOrNotFoundAreNeverRemembered() {
        BootImages images = new BootImages(catalog, new SimpleMeterRegistry(), Duration.ofSeconds(5));
        catalog.images.put(CIRROS, image(CIRROS, "queued"));

        images.find(CIRROS, "acme", "token-a");
        images.find("no-such-image", "acme", "token-a");
        catalog.images.put(CIRROS, image(CIRROS, "active"));

        assertEquals("active", images.find(CIRROS, "acme", "token-a").orElseThrow().status(),
                "the image became active and the next boot sees it at once");
        images.find("no-such-image", "acme", "token-a");
        assertEquals(4, catalog.askedWith.size());
    }

    @Test
    void aRememberedImageIsAskedForAgainAfterItsTtl() throws InterruptedException {
        BootImages images = new BootImages(catalog, new SimpleMeterRegistry(), Duration.ofMillis(20));
        catalog.images.put(CIRROS, image(CIRROS, "active"));
        images.find(CIRROS, "acme", "token-a");
        images.find(CIRROS, "acme", "token-a");

        Thread.sleep(40);
        images.find(CIRROS, "acme", "token-a");

        assertEquals(2, catalog.askedWith.size());
    }

    @Test
    void aTtlOfZeroRemembersNothing() {
        BootImages images = new BootImages(catalog, new SimpleMeterRegistry(), Duration.ZERO);
        catalog.images.put(CIRROS, image(CIRROS, "active"));

        images.find(CIRROS, "acme", "token-a");
        images.find(CIRROS, "acme", "token-a");

        assertEquals(2, catalog.askedWith.size());
    }

    private static Image image(String id, String status) {
        return new Image(id, "cirros", status, 0, 0, 1 << 20, null, null, "qcow2", "bare", Map.of());
    }

    /** The image service as the catalog sees it: the images it has, and the tokens it was asked with. */
    private static final class CountingCatalog extends ImageCatalog {

        final Map<String, Image> images = new HashMap<>();
        final List<String> askedWith = new ArrayList<>();

        CountingCatalog() {
            super("http://image-service.invalid");
        }

        @Override
        public Optional<Image> find(String id, String token) {
            askedWith.add(token);
            return Optional.ofNullable(images.get(id));
        }
    }
}
