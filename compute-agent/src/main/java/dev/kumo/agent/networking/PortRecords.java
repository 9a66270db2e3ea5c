package dev.kumo.agent.networking;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.contracts.instance.GuestNic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The ports this host realizes, one file per instance ({@code <directory>/<instance id>.json}, its nics as the
 * spawn gave them, with later rule changes). A record is written before anything is made on the host and removed
 * after everything is taken away, so after a crash the records name everything that may exist.
 */
final class PortRecords {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<List<GuestNic>> NICS = new TypeReference<>() {
    };

    private final Path directory;

    PortRecords(Path directory) {
        this.directory = directory;
    }

    Optional<List<HostPort>> of(UUID instanceId) {
        Path file = file(instanceId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            List<GuestNic> nics = JSON.readValue(file.toFile(), NICS);
            return Optional.of(nics.stream().map(nic -> new HostPort(instanceId, nic)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ports of instance " + instanceId + " in " + file, e);
        }
    }

    void save(UUID instanceId, List<HostPort> ports) {
        Path file = file(instanceId);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(directory);
            JSON.writeValue(temporary.toFile(), ports.stream().map(HostPort::nic).toList());
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the ports of instance " + instanceId + " in " + file, e);
        }
    }

    void remove(UUID instanceId) {
        try {
            Files.deleteIfExists(file(instanceId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the port record of instance " + instanceId, e);
        }
    }

    /** Every recorded instance and its ports. */
    Map<UUID, List<HostPort>> all() {
        Map<UUID, List<HostPort>> all = new TreeMap<>();
        for (UUID instance : instances()) {
            of(instance).ifPresent(ports -> all.put(instance, ports));
        }
        return all;
    }

    /** The ports of every instance on the segment, in a stable order. */
    List<HostPort> onSegment(Segment segment) {
        List<HostPort> ports = new ArrayList<>();
        all().values().forEach(list -> list.stream().filter(port -> port.segment().equals(segment))
                .forEach(ports::add));
        return ports;
    }

    private List<UUID> instances() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .flatMap(name -> {
                        try {
                            return Stream.of(UUID.fromString(name));
                        } catch (IllegalArgumentException e) {
                            return Stream.empty();
                        }
                    }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private Path file(UUID instanceId) {
        return directory.resolve(instanceId + ".json");
    }
}
