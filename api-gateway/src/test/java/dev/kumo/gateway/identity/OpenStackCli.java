package dev.kumo.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openstack} CLI (Debian's python3-openstackclient) pointed at the gateway under test, with
 * no OS_* variables from the environment: what a user of Kumo types.
 */
final class OpenStackCli {

    private static final Path OPENSTACK = Path.of("/usr/bin/openstack");

    private final int port;

    OpenStackCli(int port) {
        this.port = port;
    }

    /** Whether the CLI is installed, or {@code KUMO_REQUIRE_CLI=true} says the tests must run it anyway. */
    static boolean installed() {
        return Files.isExecutable(OPENSTACK) || "true".equals(System.getenv("KUMO_REQUIRE_CLI"));
    }

    record Run(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command that must succeed and answers JSON ({@code -f json}); null when it prints nothing. */
    JsonNode json(List<String> auth, String... command) {
        Run run = run(auth, command);
        assertEquals(0, run.exitCode(), String.join(" ", command) + " failed: " + run.stderr());
        try {
            return run.stdout().isBlank() ? null : new ObjectMapper().readTree(run.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Run run(List<String> auth, String... command) {
        List<String> args = new ArrayList<>(List.of(OPENSTACK.toString(), "--os-auth-url",
                "http://127.0.0.1:" + port + "/identity/v3", "--os-identity-api-version", "3",
                "--os-interface", "public", "--os-region-name", "RegionOne"));
        args.addAll(auth);
        args.addAll(List.of(command));
        if (!List.of(command).contains("delete")) {
            args.addAll(List.of("-f", "json"));
        }
        ProcessBuilder builder = new ProcessBuilder(args);
        builder.environment().keySet().removeIf(key -> key.startsWith("OS_"));
        try {
            Process process = builder.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("openstack " + String.join(" ", command) + " did not finish");
            }
            return new Run(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
