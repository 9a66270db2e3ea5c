package dev.kumo.image.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Where image data lives, apart from the catalog. Data is streamed in and out, never held in memory;
 * a write is all or nothing (a failed or refused write leaves nothing behind).
 */
public interface ImageStore {

    /**
     * Streams the data into the store under the image's id, computing its size and hashes on the way.
     *
     * @throws ImageTooLarge when the data exceeds {@code limit} bytes (nothing is kept)
     * @throws UnreadableUpload when reading {@code data} fails (the client went away; nothing is kept)
     * @throws IOException when the store itself fails
     */
    StoredImage write(UUID id, InputStream data, long limit) throws IOException;

    /** The image's data, or a {@link java.nio.file.NoSuchFileException} when the store has none. */
    InputStream read(UUID id) throws IOException;

    /** Removes the image's data; does nothing when there is none. */
    void delete(UUID id) throws IOException;
}
