package dev.kumo.image.images;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The moments other services will want to hear about: an image created, activated (its data stored and
 * hashed) and deleted. Called inside the transaction of the change, so that once the contracts module has
 * image event records these become {@code Outbox.publish} calls on {@code kumo.image.events} (key: image id);
 * until then they are audit lines in the log, with the request id.
 */
@ApplicationScoped
public class ImageEvents {

    private static final Logger LOG = Logger.getLogger(ImageEvents.class);

    void created(Image image) {
        LOG.infof("image.created %s owner=%s visibility=%s", image.id, image.owner, image.visibility);
    }

    void activated(Image image) {
        LOG.infof("image.activated %s size=%d %s=%s", image.id, image.size, image.osHashAlgo, image.osHashValue);
    }

    void deleted(Image image) {
        LOG.infof("image.deleted %s owner=%s", image.id, image.owner);
    }
}
