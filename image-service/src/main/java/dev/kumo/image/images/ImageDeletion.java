package dev.kumo.image.images;

import dev.kumo.image.errors.ImageError;
import dev.kumo.image.store.ImageStore;
import jakarta.enterprise.context.RequestScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Deletes an image: the catalog entry (with its properties, tags and members) in one transaction, then its
 * data. Data left behind by a failed store delete is only disk space, never visible again.
 */
@RequestScoped
public class ImageDeletion {

    private static final Logger LOG = Logger.getLogger(ImageDeletion.class);

    private final ImageAccess access;
    private final ImageStore store;
    private final ImageEvents events;

    public ImageDeletion(ImageAccess access, ImageStore store, ImageEvents events) {
        this.access = access;
        this.store = store;
        this.events = events;
    }

    public void delete(String id) {
        Image image = QuarkusTransaction.requiringNew().call(() -> deleteEntry(id));
        try {
            store.delete(image.id);
        } catch (IOException e) {
            LOG.warnf(e, "image %s deleted from the catalog but its data could not be removed", image.id);
        }
    }

    private Image deleteEntry(String id) {
        Image image = access.changeable(id, "delete_image");
        if (image.isProtected) {
            throw ImageError.forbidden("Image " + id + " is protected and cannot be deleted.");
        }
        image.delete();
        events.deleted(image);
        return image;
    }
}
