package dev.kumo.image.images;

import dev.kumo.contracts.image.ImageActivated;
import dev.kumo.contracts.image.ImageCreated;
import dev.kumo.contracts.image.ImageDeleted;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Tells other services about an image created, activated (its data stored and hashed) and deleted, on
 * {@code kumo.image.events} keyed by image id. Called inside the transaction of the change, so an event goes out
 * exactly when its change commits (the outbox).
 */
@ApplicationScoped
public class ImageEvents {

    private static final Logger LOG = Logger.getLogger(ImageEvents.class);

    private final Outbox outbox;
    private final Clock clock;

    public ImageEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void created(Image image) {
        LOG.infof("image.created %s owner=%s visibility=%s", image.id, image.owner, image.visibility);
        outbox.publish(new ImageCreated(image.id, image.name, image.owner, image.visibility, clock.instant()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void activated(Image image) {
        LOG.infof("image.activated %s size=%d %s=%s", image.id, image.size, image.osHashAlgo, image.osHashValue);
        outbox.publish(new ImageActivated(image.id, image.owner, image.size == null ? 0 : image.size,
                image.osHashAlgo, image.osHashValue, clock.instant()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void deleted(Image image) {
        LOG.infof("image.deleted %s owner=%s", image.id, image.owner);
        outbox.publish(new ImageDeleted(image.id, image.owner, clock.instant()));
    }
}
