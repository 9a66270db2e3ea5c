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
 * The instances this agent has destroyed, per host. An instance id is never reused on a host, so a spawn command for
 * an instance destroyed there can only be a redelivery or a command that lost the race with its abort: it must
 * not bring the instance back. The same instance may still come to another host of the agent (a build retried
 * elsewhere, an evacuation, a migration). Kept in an append-only file ({@code host instance-id} lines; a bare id, as
 * written before hosts were recorded, counts for every host) so that it survives a restart of the agent.
 */
public final class Tombstones {

    private static final String ANY_HOST = "";

    private final Path file;
    private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

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
                    tombstones.read(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the destroyed instances in " + file, e);
        }
        return tombstones;
    }

    private void read(String line) {
        if (line.isEmpty()) {
            return;
        }
        int space = line.lastIndexOf(' ');
        String host = space < 0 ? ANY_HOST : line.substring(0, space);
        destroyed.add(entry(host, UUID.fromString(line.substring(space + 1))));
    }

    public boolean isDestroyed(String host, UUID instanceId) {
        return destroyed.contains(entry(host, instanceId)) || destroyed.contains(entry(ANY_HOST, instanceId));
    }

    /** Remembers an instance destroyed on a host; written through before the destroy is reported. */
    public synchronized void record(String host, UUID instanceId) {
        String entry = entry(host, instanceId);
        if (!destroyed.add(entry) || file == null) {
            return;
        }
        try {
            Files.writeString(file, host + " " + instanceId + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            destroyed.remove(entry);
            throw new UncheckedIOException("cannot record destroyed instance " + instanceId + " in " + file, e);
        }
    }

    private static String entry(String host, UUID instanceId) {
        return host + " " + instanceId;
    }
}
