package dev.kumo.agent.hypervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Domain records as two files per instance, {@code <uuid>.xml} and {@code <uuid>.state}, each replaced atomically:
 * a crash leaves the old record or the new one, never half of one. The state is written last, so a domain whose
 * state file is missing was never completely recorded and is skipped.
 */
final class DomainRecordFiles implements DomainRecords {

    private static final Logger LOG = Logger.getLogger(DomainRecordFiles.class);

    private final Path directory;

    DomainRecordFiles(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    @Override
    public synchronized void save(Domain domain) {
        try {
            Files.createDirectories(directory);
            replace(xmlFile(domain.instanceId()), domain.xml());
            replace(stateFile(domain.instanceId()), domain.state().name() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the domain of instance " + domain.instanceId(), e);
        }
    }

    @Override
    public synchronized void remove(UUID instanceId) {
        try {
            Files.deleteIfExists(stateFile(instanceId));
            Files.deleteIfExists(xmlFile(instanceId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forget the domain of instance " + instanceId, e);
        }
    }

    @Override
    public synchronized List<Domain> all() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Domain> domains = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path stateFile : files.filter(file -> file.toString().endsWith(".state")).sorted().toList()) {
                read(stateFile).ifPresent(domains::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the domain records in " + directory, e);
        }
        return domains;
    }

    private Optional<Domain> read(Path stateFile) throws IOException {
        String name = stateFile.getFileName().toString();
        try {
            UUID id = UUID.fromString(name.substring(0, name.length() - ".state".length()));
            InstanceState state = InstanceState.valueOf(Files.readString(stateFile, StandardCharsets.UTF_8).strip());
            return Optional.of(new Domain(id, Files.readString(xmlFile(id), StandardCharsets.UTF_8), state));
        } catch (IllegalArgumentException | NoSuchFileException e) {
            LOG.warnf("skipping the unreadable domain record %s: %s", stateFile, e.getMessage());
            return Optional.empty();
        }
    }

    private Path xmlFile(UUID instanceId) {
        return directory.resolve(instanceId + ".xml");
    }

    private Path stateFile(UUID instanceId) {
        return directory.resolve(instanceId + ".state");
    }

    private static void replace(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
