package dev.kumo.agent.networking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's networking tools (ip, nft, dnsmasq, sysctl) with arguments, never through a shell. */
class HostCommands {

    private static final long TIMEOUT_SECONDS = 30;

    /** The command's output. @throws NetworkingException when it fails, with what it printed */
    String run(String... command) {
        Result result = attempt(command);
        if (result.exitCode() != 0) {
            throw new NetworkingException(String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.output().strip());
        }
        return result.output();
    }

    /** Runs an nft script as one transaction. */
    Result nft(String script) {
        return nftScript(script);
    }

    /** Runs an nft script as one transaction in a network namespace (a router's). */
    Result nftIn(String namespace, String script) {
        return nftScript(script, "ip", "netns", "exec", namespace);
    }

    private Result nftScript(String script, String... prefix) {
        try {
            Path file = Files.createTempFile("kumo-", ".nft");
            try {
                Files.writeString(file, script);
                List<String> command = new ArrayList<>(List.of(prefix));
                command.addAll(List.of("nft", "-f", file.toString()));
                return attempt(command.toArray(String[]::new));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new NetworkingException("cannot write an nft script: " + e.getMessage(), e);
        }
    }

    /**
     * Runs a command that leaves a daemon behind (dnsmasq): its output goes to a file, since the daemon may hold a
     * pipe open long after the command returned.
     */
    Result daemon(Path output, String... command) {
        try {
            Files.createDirectories(output.getParent());
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            process.getOutputStream().close();
            return new Result(finish(process, command), "see " + output);
        } catch (IOException e) {
            throw new NetworkingException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkingException("interrupted while running " + command[0], e);
        }
    }

    Result attempt(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            return new Result(finish(process, command), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NetworkingException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkingException("interrupted while running " + command[0], e);
        }
    }

    private static int finish(Process process, String... command) throws InterruptedException {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new NetworkingException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return process.exitValue();
    }

    record Result(int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }
    }
}
