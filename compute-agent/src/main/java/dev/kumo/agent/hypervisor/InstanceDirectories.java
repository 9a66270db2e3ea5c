package dev.kumo.agent.hypervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** The per-instance directories under {@code <state dir>/instances}: {@code <uuid>/console.log} and, later, disks. */
final class InstanceDirectories {

    private final Path root;

    InstanceDirectories(Path root) {
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    Path of(UUID instanceId) {
        return root.resolve(instanceId.toString());
    }

    Path consoleLog(UUID instanceId) {
        return of(instanceId).resolve("console.log");
    }

    void create(UUID instanceId) {
        try {
            Files.createDirectories(of(instanceId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of instance " + instanceId, e);
        }
    }

    /** Removes the instance's directory with everything in it; an absent one is fine. */
    void remove(UUID instanceId) {
        Path directory = of(instanceId);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the directory of instance " + instanceId, e);
        }
    }
}
