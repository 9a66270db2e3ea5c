package dev.kumo.agent;

import java.nio.file.Path;

/** Where the agent keeps its files: the configured directory, /var/lib/kumo as root, else .kumo/agent. */
public final class StateDirectory {

    private static final Path ROOT_STATE_DIRECTORY = Path.of("/var/lib/kumo");
    private static final Path USER_STATE_DIRECTORY = Path.of(".kumo", "agent");

    private StateDirectory() {
    }

    public static Path of(AgentConfig config) {
        return config.stateDir()
                .orElseGet(() -> "root".equals(System.getProperty("user.name"))
                        ? ROOT_STATE_DIRECTORY : USER_STATE_DIRECTORY)
                .toAbsolutePath();
    }
}
