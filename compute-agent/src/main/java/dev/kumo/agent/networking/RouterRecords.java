package dev.kumo.agent.networking;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.contracts.host.UpdateRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The routers this host realizes, one file per router ({@code <directory>/<router id>.json}: the last state it was
 * told, and how far realizing it got). A record is written before anything of the router is made or taken away and
 * removed after everything is gone, so after a crash the records name every router that may exist.
 */
final class RouterRecords {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9-]{1,64}\\.json");

    /** How far this host got with the recorded state. */
    enum Progress {
        /** being made; what exists may be part of it */
        REALIZING,
        /** made as recorded */
        REALIZED,
        /** being taken away */
        REMOVING
    }

    record RouterRecord(UpdateRouter router, Progress progress) {

        HostRouter hostRouter() {
            return new HostRouter(router);
        }
    }

    private final Path directory;

    RouterRecords(Path directory) {
        this.directory = directory;
    }

    Optional<RouterRecord> of(String routerId) {
        Path file = file(routerId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RouterRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the record of router " + routerId + " in " + file, e);
        }
    }

    void save(UpdateRouter router, Progress progress) {
        Path file = file(router.routerId());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(directory);
            JSON.writeValue(temporary.toFile(), new RouterRecord(router, progress));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record router " + router.routerId() + " in " + file, e);
        }
    }

    void remove(String routerId) {
        try {
            Files.deleteIfExists(file(routerId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the record of router " + routerId, e);
        }
    }

    /** Every recorded router, by id. */
    List<RouterRecord> all() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> FILE.matcher(name).matches())
                    .sorted().map(name -> of(name.substring(0, name.length() - ".json".length())))
                    .flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private Path file(String routerId) {
        return directory.resolve(routerId + ".json");
    }
}
