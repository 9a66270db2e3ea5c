package dev.kumo.agent.instances;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances this agent has destroyed. An instance id is never reused, so a spawn command for a
 * destroyed instance can only be a redelivery or a command that lost the race with its abort: it must
 * not bring the instance back. Kept in an append-only file so that it survives a restart of the agent.
 */
public final class Tombstones {

    private final Path file;
    private final Set<UUID> destroyed = ConcurrentHashMap.newKeySet();

    private Tombstones(Path file) {
        this.file = file;
    }

    /** Tombstones kept only in memory, for tests. */
    public static Tombstones inMemory() {
        return new Tombstones(null);
    }

    /** Tombstones kept in the file, reading those already there. */
    public static Tombstones in(Path file) {
        Tombstones tombstones = new Tombstones(file);
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        tombstones.destroyed.add(UUID.fromString(line.strip()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the destroyed instances in " + file, e);
        }
        return tombstones;
    }

    public boolean isDestroyed(UUID instanceId) {
        return destroyed.contains(instanceId);
    }

    /** Remembers a destroyed instance; written through before the destroy is reported. */
    public synchronized void record(UUID instanceId) {
        if (!destroyed.add(instanceId) || file == null) {
            return;
        }
        try {
            Files.writeString(file, instanceId + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            destroyed.remove(instanceId);
            throw new UncheckedIOException("cannot record destroyed instance " + instanceId + " in " + file, e);
        }
    }
}
