package dev.kumo.image.errors;

/**
 * An error the image API answers with, rendered by {@link ImageErrorMapper} in one shape:
 * {@code {"error": {"code": 404, "title": "Not Found", "message": "..."}}}. The message names what was wrong.
 */
public class ImageError extends RuntimeException {

    private final int status;

    public ImageError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ImageError badRequest(String message) {
        return new ImageError(400, message);
    }

    public static ImageError unauthorized() {
        return new ImageError(401, "The request you have made requires authentication.");
    }

    public static ImageError forbidden(String message) {
        return new ImageError(403, message);
    }

    public static ImageError notFound(String message) {
        return new ImageError(404, message);
    }

    public static ImageError imageNotFound(Object id) {
        return notFound("No image found with ID " + id);
    }

    public static ImageError conflict(String message) {
        return new ImageError(409, message);
    }

    public static ImageError tooLarge(String message) {
        return new ImageError(413, message);
    }

    public static ImageError unsupportedMediaType(String message) {
        return new ImageError(415, message);
    }
}
