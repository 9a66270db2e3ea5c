package dev.kumo.image.images;

import dev.kumo.image.errors.ImageError;
import dev.kumo.image.identity.Caller;
import dev.kumo.image.members.ImageMember;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/**
 * Who may see and change an image. An image the caller may not see is answered as missing (404), never as
 * forbidden, so ids of other projects' private images leak nothing; one they see but may not change is 403.
 */
@RequestScoped
public class ImageAccess {

    private final Caller caller;

    public ImageAccess(Caller caller) {
        this.caller = caller;
    }

    /** The image if the caller may see it: admins see all, projects their own, public, community and shared-with images. */
    public Image visible(String id) {
        Image image = Image.withDetails(parse(id));
        if (image == null || !canSee(image)) {
            throw ImageError.imageNotFound(id);
        }
        return image;
    }

    /** The image if the caller may change it: an admin, or a member of the owning project. */
    public Image changeable(String id, String policy) {
        Image image = visible(id);
        caller.requireChange(policy);
        if (!isOwner(image)) {
            throw ImageError.forbidden("You are not authorized to complete " + policy + " action.");
        }
        return image;
    }

    public boolean isOwner(Image image) {
        return caller.isAdmin() || caller.projectId().equals(image.owner);
    }

    private boolean canSee(Image image) {
        if (isOwner(image) || Visibility.PUBLIC.equals(image.visibility)
                || Visibility.COMMUNITY.equals(image.visibility)) {
            return true;
        }
        return Visibility.SHARED.equals(image.visibility)
                && ImageMember.find(image.id, caller.projectId()).isPresent();
    }

    /** An id that is not a UUID names no image. */
    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ImageError.imageNotFound(id);
        }
    }
}
