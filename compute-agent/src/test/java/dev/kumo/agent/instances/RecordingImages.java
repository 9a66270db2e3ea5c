package dev.kumo.agent.instances;

import dev.kumo.agent.images.ImageServiceException;
import dev.kumo.agent.images.Images;
import java.util.ArrayList;
import java.util.List;

/** An image service that records what the agent asked of it, and can refuse copies. */
final class RecordingImages implements Images {

    final List<String> copies = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    /** The backups the image service lists, newest first. */
    final List<String> backups = new ArrayList<>();
    boolean refuseCopies;

    @Override
    public void copyData(String from, String to) {
        if (refuseCopies) {
            throw new ImageServiceException("the image service refused to read image " + from + " (404): gone");
        }
        copies.add(from + " -> " + to);
    }

    @Override
    public List<String> backupsNewestFirst(java.util.UUID instanceId, String backupType) {
        return List.copyOf(backups);
    }

    @Override
    public void deleteQuietly(String imageId) {
        deleted.add(imageId);
    }
}
