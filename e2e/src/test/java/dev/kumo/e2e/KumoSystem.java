package dev.kumo.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.kumo.testsupport.KeycloakServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The running Kumo the suites drive: started (if it is not already) exactly as a user does, with
 * {@code ./kumo up}, and reached only through its public ports. Components can be crashed and brought
 * back to test recovery.
 */
public final class KumoSystem {

    public static final String API = env("KUMO_API_URL", "http://127.0.0.1:8080");
    public static final String SCHEDULER = env("KUMO_SCHEDULER_URL", "http://127.0.0.1:8091");
    public static final String KAFKA = env("KUMO_KAFKA", "127.0.0.1:9092");
    public static final Path ROOT = Path.of(env("KUMO_ROOT", "..")).toAbsolutePath().normalize();

    /** Where the output of the commands the suites run goes. */
    private static final Path OUTPUT = ROOT.resolve(".kumo/logs/e2e-commands.log");
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static volatile boolean up;

    private KumoSystem() {
    }

    /** Makes sure the whole system runs; the first call may start it with {@code ./kumo up}. */
    public static synchronized void ensureUp() {
        if (up) {
            return;
        }
        if (!healthy(API)) {
            kumo("up", "--hypervisor", "test", "--hosts", "4");
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> healthy(API) && healthy(SCHEDULER));
        up = true;
    }

    /** A Keystone-style token for a demo user, from the real Keycloak (cached per user). */
    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, name -> KeycloakServer.local().accessToken(name, name));
    }

    /** Kills a component's whole process group with SIGKILL: a crash, not a clean stop. */
    public static void crash(String component) {
        Path pidFile = ROOT.resolve(".kumo/run/" + component + ".pid");
        try {
            String pid = Files.readString(pidFile).strip();
            run(List.of("kill", "-KILL", "--", "-" + pid));
            await().atMost(Duration.ofSeconds(20)).until(() -> !processGroupAlive(pid));
        } catch (IOException e) {
            throw new IllegalStateException(component + " is not running: no " + pidFile, e);
        }
    }

    /** Brings back whatever is not running, the way a user would: {@code ./kumo up}. */
    public static void recover() {
        kumo("up");
        await().atMost(Duration.ofMinutes(2)).until(() -> healthy(API) && healthy(SCHEDULER));
    }

    public static boolean healthy(String baseUrl) {
        try {
            return given().baseUri(baseUrl).get("/q/health/ready").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether any process of the group is still there, zombies (killed, not yet reaped) excepted. */
    private static boolean processGroupAlive(String pgid) {
        return run(List.of("sh", "-c", "ps -eo pgid=,stat= | awk '$1 == " + pgid + " && $2 !~ /^Z/' | grep -q ."))
                == 0;
    }

    private static void kumo(String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(ROOT.resolve("kumo").toString());
        command.addAll(List.of(args));
        int exit = run(command);
        if (exit != 0) {
            throw new IllegalStateException("./kumo " + String.join(" ", args) + " failed with exit code " + exit
                    + "; its output:\n" + tail(OUTPUT, 40));
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output in " + file + ")";
        }
    }

    private static int run(List<String> command) {
        try {
            Files.createDirectories(OUTPUT.getParent());
            // Not inheritIO: a child writing to the test JVM's stdout corrupts surefire's channel.
            Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(OUTPUT.toFile()))
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 5 minutes");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
