package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openstack} CLI (Debian's python3-openstackclient) as one cloud of the clouds.yaml that
 * {@code ./kumo up} writes: {@code OS_CLOUD=kumo-alice openstack ...}, run from the repository root.
 */
public final class OpenStackCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a command did: its exit code and both outputs. */
    public record Result(int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", stderr: " + stderr.strip() + (stdout.isBlank() ? "" : ", stdout: " + stdout.strip());
        }
    }

    private final String cloud;

    private OpenStackCli(String cloud) {
        this.cloud = cloud;
    }

    /** The CLI as a demo user: alice, bob, carol or admin. */
    public static OpenStackCli as(String user) {
        return new OpenStackCli("kumo-" + user);
    }

    /** Runs {@code openstack <args> -f json} and parses what it prints; any failure is an assertion error. */
    public JsonNode json(String... args) {
        List<String> withFormat = new ArrayList<>(List.of(args));
        withFormat.addAll(List.of("-f", "json"));
        Result result = run(withFormat.toArray(String[]::new));
        if (!result.succeeded()) {
            throw new AssertionError(describe(args) + " failed: " + result);
        }
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError(describe(args) + " printed no JSON: " + result.stdout(), e);
        }
    }

    /** Runs a command that prints nothing on success (stop, start, delete); fails unless it succeeds. */
    public void ok(String... args) {
        Result result = run(args);
        if (!result.succeeded()) {
            throw new AssertionError(describe(args) + " failed: " + result);
        }
    }

    /** Runs {@code openstack <args>} as it is, whatever comes out. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("openstack"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(KumoSystem.ROOT.toFile());
        builder.environment().put("OS_CLOUD", cloud);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // Both outputs are small; reading them one after the other cannot dead-lock at these sizes.
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(describe(args) + " did not finish in 3 minutes");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code server show} until the server has the wanted status; ERROR ends the wait at once. */
    public JsonNode awaitStatus(String server, String status, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(timeout).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            last[0] = json("server", "show", server);
            String now = last[0].path("status").asText();
            if ("ERROR".equals(now) && !"ERROR".equals(status)) {
                throw new IllegalStateException("server " + server + " went to ERROR: " + last[0].path("fault"));
            }
            if (!status.equals(now)) {
                throw new AssertionError("server " + server + " is " + now + ", waiting for " + status);
            }
        });
        return last[0];
    }

    /** Ids (the "ID" column) of a JSON list. */
    public static List<String> ids(JsonNode list) {
        return column(list, "ID");
    }

    public static List<String> column(JsonNode list, String name) {
        List<String> values = new ArrayList<>();
        list.forEach(row -> values.add(row.path(name).asText()));
        return values;
    }

    private String describe(String... args) {
        return "OS_CLOUD=" + cloud + " openstack " + String.join(" ", args);
    }
}
