package dev.kumo.image.store;

/** The data offered for an image exceeds the configured size limit. */
public class ImageTooLarge extends RuntimeException {

    public ImageTooLarge(long limit) {
        super("Image exceeds the size limit of " + limit + " bytes.", null, false, false);
    }
}
