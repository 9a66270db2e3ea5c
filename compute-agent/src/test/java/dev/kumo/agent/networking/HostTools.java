package dev.kumo.agent.networking;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the tests on the real kernel need: root, and the host's networking tools. */
final class HostTools {

    private HostTools() {
    }

    /** Skips the test unless it runs as root with every tool installed (in /usr/sbin, /sbin, /usr/bin or /bin). */
    static void assumeRootWith(List<String> tools) {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        for (String tool : tools) {
            assumeTrue(Files.isExecutable(Path.of(tool)) || Files.isExecutable(Path.of(tool.replace("/usr", ""))),
                    tool + " is not installed");
        }
    }
}
