package dev.kumo.agent.instances;

import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.DomainType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * On test-driver hosts, where no guest writes a console, the agent keeps a line per lifecycle step of each instance
 * in its console log ({@code kumo: instance <id> started on host <host> at <time>}): honest output for the console
 * endpoint rather than invented guest text. On QEMU hosts the guest owns its console and nothing is written.
 */
public final class LifecycleLog {

    private static final Logger LOG = Logger.getLogger(LifecycleLog.class);

    private final Clock clock;

    public LifecycleLog(Clock clock) {
        this.clock = clock;
    }

    /** Appends {@code kumo: instance <id> <happened> on host <host> at <time>}; a failure to write is only logged. */
    public void record(Host host, UUID instanceId, String happened) {
        if (host.domainType() != DomainType.TEST) {
            return;
        }
        host.hypervisor().consoleLog(instanceId).ifPresent(file -> append(file, "kumo: instance %s %s on host %s at %s%n"
                .formatted(instanceId, happened, host.name(), clock.instant())));
    }

    private static void append(Path file, String line) {
        try {
            // a move within a simulated fleet removes the directory its hosts share from the source last
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warnf("cannot write the lifecycle log %s: %s", file, e.getMessage());
        }
    }
}
