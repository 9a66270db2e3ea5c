package dev.kumo.image.store;

import java.io.IOException;

/** Reading the uploaded data failed: the client disconnected or sent a truncated body. */
public class UnreadableUpload extends IOException {

    public UnreadableUpload(IOException cause) {
        super("The image data could not be read: " + cause.getMessage(), cause);
    }
}
