package dev.kumo.agent.images;

import java.io.OutputStream;
import java.nio.file.Path;

/** An image's data as a host moves it: read into the host's image cache, written from an instance's disk. */
public interface ImageData {

    /**
     * The image's facts.
     *
     * @throws ImageServiceException when the image service refuses (a missing image included) or cannot be reached
     */
    ImageFacts describe(String imageId);

    /** Streams the image's data into {@code out}, never holding it in memory. */
    void download(String imageId, OutputStream out);

    /**
     * Uploads the file as the data of the queued image, after setting the image's disk format to the file's (a
     * snapshot of a raw image's instance is a qcow2 file). An image deleted meanwhile is not uploaded to.
     */
    void upload(String imageId, Path file, String diskFormat);
}
