package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One more process of a Kumo service beside the running system, started from the app the system runs
 * ({@code .kumo/run/apps/<app>}) the way {@code ./kumo}'s start_service does, with the suite's environment plus
 * the given variables. Output goes to {@code .kumo/logs/<name>.log}; a test JVM that dies takes it along.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final String url;
    private final Thread reaper;

    private ServiceProcess(String name, Process process, String url) {
        this.name = name;
        this.process = process;
        this.url = url;
        this.reaper = new Thread(process::destroyForcibly, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts NAME from the running system's APP on PORT and waits until it is ready. */
    public static ServiceProcess start(String name, String app, int port, String heap, Map<String, String> env) {
        Path jar = KumoSystem.ROOT.resolve(".kumo/run/apps/" + app + "/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: is the system up (./kumo up)?");
        }
        Path log = KumoSystem.ROOT.resolve(".kumo/logs/" + name + ".log");
        String java = System.getenv("JAVA_HOME") == null ? "java" : System.getenv("JAVA_HOME") + "/bin/java";
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseParallelGC"));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(KumoSystem.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", KumoSystem.KAFKA);
        builder.environment().putAll(env);
        try {
            ServiceProcess started = new ServiceProcess(name, builder.start(), "http://127.0.0.1:" + port);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!started.process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + started.process.exitValue()
                            + "; see " + log);
                }
                return ready(started.url);
            });
            return started;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** Readiness, where a refused connection (still starting) is a no; RestAssured throws it unchecked. */
    private static boolean ready(String url) {
        try {
            java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops it as ./kumo down does: TERM, then KILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the same
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + url + ")";
    }
}
