package dev.kumo.image.images;

import static dev.kumo.image.images.Images.as;
import static dev.kumo.image.images.Images.createRaw;
import static dev.kumo.image.images.Images.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.contracts.image.ImageActivated;
import dev.kumo.contracts.image.ImageCreated;
import dev.kumo.contracts.image.ImageDeleted;
import dev.kumo.image.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An image's life on kumo.image.events, against a real Kafka broker: created, activated with its hash, deleted. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ImageEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private MessageBus bus;

    @BeforeEach
    void connect() {
        bus = new MessageBus(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void anImagesLifeIsPublishedKeyedByItsId() {
        String id = createRaw(Tokens.alice(), "evented");
        UUID imageId = UUID.fromString(id);
        ImageCreated created = bus.await(ImageCreated.class, e -> e.imageId().equals(imageId), WAIT);
        assertEquals("evented", created.name());
        assertEquals(Tokens.ACME, created.owner());
        assertEquals(id, created.key());

        upload(Tokens.alice(), id, "bytes".getBytes(), 204);
        ImageActivated activated = bus.await(ImageActivated.class, e -> e.imageId().equals(imageId), WAIT);
        assertEquals(5, activated.size());
        assertEquals("sha512", activated.osHashAlgo());
        String shown = as(Tokens.alice()).get("/v2/images/" + id).then().extract().path("os_hash_value");
        assertEquals(shown, activated.osHashValue());

        as(Tokens.alice()).delete("/v2/images/" + id).then().statusCode(204);
        bus.await(ImageDeleted.class, e -> e.imageId().equals(imageId), WAIT);
    }
}
