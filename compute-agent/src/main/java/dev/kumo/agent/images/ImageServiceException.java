package dev.kumo.agent.images;

/** The image service (or the identity service in front of it) refused or could not be reached. */
public class ImageServiceException extends RuntimeException {

    public ImageServiceException(String message) {
        super(message);
    }

    public ImageServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
