package dev.kumo.agent.instances;

import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.instance.InstanceOperated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The answers to the last server actions this agent applied, by instance, operation and request id. A reboot is
 * not idempotent by its target state: a command redelivered after a crash is answered from here instead of
 * rebooting again. Kept in a file of JSON lines that survives restarts; rewritten with only the kept
 * outcomes when it has grown to twice as many lines.
 */
final class ActionOutcomes {

    private static final Logger LOG = Logger.getLogger(ActionOutcomes.class);
    private static final String TYPE = MessageCodec.contractOf(InstanceOperated.class).type();

    private final Path file;
    private final int kept;
    private final MessageCodec codec = new MessageCodec();
    private final Map<String, InstanceOperated> outcomes = new LinkedHashMap<>();
    private int linesInFile;

    private ActionOutcomes(Path file, int kept) {
        this.file = file;
        this.kept = kept;
    }

    /** Outcomes kept only in memory, for tests. */
    static ActionOutcomes inMemory() {
        return new ActionOutcomes(null, 10_000);
    }

    /** Outcomes kept in the file, reading those already there. */
    static ActionOutcomes in(Path file, int kept) {
        ActionOutcomes outcomes = new ActionOutcomes(file, kept);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    outcomes.linesInFile++;
                    outcomes.read(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server action outcomes in " + file, e);
        }
        return outcomes;
    }

    /** The answer given to this server action before, if any; commands without a request id are never known. */
    synchronized Optional<InstanceOperated> of(OperateInstance command) {
        return of(command.instanceId(), command.operation(), command.requestId());
    }

    synchronized Optional<InstanceOperated> of(UUID instanceId, PowerOperation operation, String requestId) {
        if (requestId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(outcomes.get(key(instanceId, operation.name(), requestId)));
    }

    /** Remembers the answer; written through before it is sent. */
    /**
     * The answer given to this request before, or else the one {@code apply} gives now, recorded: a redelivered
     * command is answered, not applied again.
     */
    InstanceOperated once(UUID instanceId, PowerOperation operation, String requestId,
            java.util.function.Supplier<InstanceOperated> apply) {
        return of(instanceId, operation, requestId).orElseGet(() -> {
            InstanceOperated outcome = apply.get();
            record(outcome);
            return outcome;
        });
    }

    synchronized void record(InstanceOperated outcome) {
        if (outcome.requestId() == null) {
            return;
        }
        keep(outcome);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, codec.encodeToString(outcome) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            if (++linesInFile > 2 * kept) {
                compact();
            }
        } catch (IOException e) {
            // Still answered; only a redelivery after a crash could act twice.
            LOG.errorf("cannot record the outcome of server action %s in %s: %s", outcome.requestId(), file,
                    e.getMessage());
        }
    }

    private void read(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            keep((InstanceOperated) codec.decode(TYPE, line.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable line of %s: %s", file, e.getMessage());
        }
    }

    private void keep(InstanceOperated outcome) {
        String key = key(outcome.instanceId(), outcome.operation().name(), outcome.requestId());
        outcomes.remove(key);
        outcomes.put(key, outcome);
        if (outcomes.size() > kept) {
            outcomes.remove(outcomes.keySet().iterator().next());
        }
    }

    private void compact() throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder lines = new StringBuilder();
        outcomes.values().forEach(outcome -> lines.append(codec.encodeToString(outcome)).append('\n'));
        Files.writeString(temporary, lines, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
        linesInFile = outcomes.size();
    }

    private static String key(UUID instanceId, String operation, String requestId) {
        return instanceId + "/" + operation + "/" + requestId;
    }
}
