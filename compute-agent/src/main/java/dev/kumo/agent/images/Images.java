package dev.kumo.agent.images;

/** What the agent does with images in the image service. */
public interface Images {

    /**
     * Streams the data of image {@code from} into the queued image {@code to}, never holding it in memory; the image
     * service computes the new image's checksums as it arrives.
     *
     * @throws ImageServiceException when either side refuses or cannot be reached
     */
    void copyData(String from, String to);

    /** The ids of the instance's backups of that type (createBackup), newest first. */
    java.util.List<String> backupsNewestFirst(java.util.UUID instanceId, String backupType);

    /** Deletes the image; one already gone is fine. Failures are only logged: nothing depends on them. */
    void deleteQuietly(String imageId);
}
