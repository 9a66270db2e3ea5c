package dev.kumo.image.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The image store as a directory ({@code kumo.image.store.directory}): one file per image named by its id.
 * Data is written to {@code <id>.partial}, synced, then renamed, so a reader never sees half an image.
 */
@ApplicationScoped
public class FilesystemImageStore implements ImageStore {

    private static final Logger LOG = Logger.getLogger(FilesystemImageStore.class);

    private final Path directory;

    public FilesystemImageStore(@ConfigProperty(name = "kumo.image.store.directory") Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    @Override
    public StoredImage write(UUID id, InputStream data, long limit) throws IOException {
        Files.createDirectories(directory);
        Path partial = directory.resolve(id + ".partial");
        HashingInput input = new HashingInput(data, limit);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            input.transferTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.debugf("stored image %s in %s", id, directory);
        return input.result();
    }

    @Override
    public InputStream read(UUID id) throws IOException {
        return Files.newInputStream(file(id));
    }

    @Override
    public void delete(UUID id) throws IOException {
        Files.deleteIfExists(file(id));
        Files.deleteIfExists(directory.resolve(id + ".partial"));
    }

    private Path file(UUID id) {
        return directory.resolve(id.toString());
    }
}
