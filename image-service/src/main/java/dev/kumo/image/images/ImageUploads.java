package dev.kumo.image.images;

import dev.kumo.image.errors.ImageError;
import dev.kumo.image.store.StoredImage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The status changes around an upload, each in its own short transaction so that none is held open while
 * data streams: queued → saving before, saving → active after, and back to queued (refused data) or to killed
 * (broken upload) when it fails.
 */
@RequestScoped
public class ImageUploads {

    private final ImageAccess access;
    private final ImageEvents events;
    private final Clock clock;

    public ImageUploads(ImageAccess access, ImageEvents events, Clock clock) {
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /** Claims a queued image for one upload; the image it returns is detached. */
    public Image begin(String id, long contentLength, long limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Image image = access.changeable(id, "upload_image");
            // Two uploads racing for one image: the second waits here and then finds it saving.
            Image.getEntityManager().refresh(image, LockModeType.PESSIMISTIC_WRITE);
            if (!ImageStatus.QUEUED.equals(image.status)) {
                throw ImageError.conflict("Image status transition from " + image.status + " to saving is not allowed.");
            }
            if (image.diskFormat == null || image.containerFormat == null) {
                throw ImageError.badRequest("Properties disk_format, container_format must be set prior to saving data.");
            }
            if (contentLength > limit) {
                throw ImageError.tooLarge("Image exceeds the size limit of " + limit + " bytes.");
            }
            image.status = ImageStatus.SAVING;
            image.updatedAt = Instant.now(clock);
            return image;
        });
    }

    /** Records the stored data and activates the image; false when the image was deleted meanwhile. */
    public boolean finish(UUID id, StoredImage stored, Optional<Long> virtualSize, String diskFormat) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Image image = Image.findById(id);
            if (image == null || !ImageStatus.SAVING.equals(image.status)) {
                return false;
            }
            image.size = stored.size();
            image.checksum = stored.checksum();
            image.osHashAlgo = StoredImage.HASH_ALGORITHM;
            image.osHashValue = stored.sha512();
            image.virtualSize = virtualSize.orElse(isFlat(diskFormat) ? stored.size() : null);
            image.status = ImageStatus.ACTIVE;
            image.updatedAt = Instant.now(clock);
            events.activated(image);
            return true;
        });
    }

    /** The data was refused: the image takes data again. */
    public void restore(UUID id) {
        moveFromSaving(id, ImageStatus.QUEUED);
    }

    /** The upload broke: the image is unusable, like Glance's killed. */
    public void kill(UUID id) {
        moveFromSaving(id, ImageStatus.KILLED);
    }

    private void moveFromSaving(UUID id, String status) {
        QuarkusTransaction.requiringNew().run(() -> {
            Image image = Image.findById(id);
            if (image != null && ImageStatus.SAVING.equals(image.status)) {
                image.status = status;
                image.updatedAt = Instant.now(clock);
            }
        });
    }

    /** Formats whose virtual size is their size. */
    private static boolean isFlat(String diskFormat) {
        return "raw".equals(diskFormat) || "iso".equals(diskFormat);
    }
}
