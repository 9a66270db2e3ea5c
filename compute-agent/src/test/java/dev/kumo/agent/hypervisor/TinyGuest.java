package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.agent.configdrive.ConfigDrive;
import dev.kumo.agent.configdrive.ConfigDriveContent;
import dev.kumo.agent.hypervisor.QemuGuest.DirectBoot;
import dev.kumo.agent.hypervisor.QemuGuest.Disk;
import dev.kumo.agent.hypervisor.QemuGuest.Disk.Cache;
import dev.kumo.agent.hypervisor.QemuGuest.Disk.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * One kumo-tiny guest on qemu:///system, made of copies in its own directory under {@code target/} (QEMU runs as
 * libvirt-qemu, and libvirt relabels the files a guest uses): kernel, initrd, a qcow2 overlay of the tiny disk, a
 * config drive and the console log. Closing destroys and undefines the domain and removes the directory. Its name
 * does not start with {@code kumo-}, so an agent running on the same libvirtd leaves it alone.
 */
final class TinyGuest implements AutoCloseable {

    private static final String URI = "qemu:///system";
    private static final Path ROOT = Path.of("target", "qemu-domain-xml-test").toAbsolutePath();

    private final Connect connection;
    private final UUID id = UUID.randomUUID();
    private final Path directory = ROOT.resolve(id.toString());
    private final Path image;
    private Domain domain;
    private Instant started;

    private TinyGuest(Connect connection, Path image) {
        this.connection = connection;
        this.image = image;
    }

    /** Skips the test when libvirtd is not reachable, unless KUMO_REQUIRE_QEMU=true, which makes that a failure. */
    static TinyGuest onQemuSystem() throws Exception {
        Connect connection;
        try {
            connection = new Connect(URI);
        } catch (LibvirtException e) {
            if (required()) {
                fail("KUMO_REQUIRE_QEMU=true but libvirtd is not reachable: " + e.getMessage());
            }
            assumeTrue(false, "libvirtd is not reachable: " + e.getMessage());
            throw e;
        }
        try {
            return new TinyGuest(connection, tinyImage());
        } catch (Exception | Error e) {
            connection.close();
            throw e;
        }
    }

    UUID id() {
        return id;
    }

    /** The guest with its files in place, its config drive written from {@code content}. */
    QemuGuest guest(ConfigDriveContent content) throws Exception {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path kernel = copy(image.resolve("vmlinuz"));
        Path initrd = copy(image.resolve("initrd"));
        Path base = copy(image.resolve("disk.raw"));
        Path overlay = directory.resolve("disk.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", base.toString(), overlay.toString(), "64M");
        Path drive = directory.resolve("disk.config");
        new ConfigDrive().write(content, drive);
        return new QemuGuest(DomainType.forQemu("auto"), id, "qemu-domain-xml-test-" + id, "tiny", Optional.empty(),
                128, 1, Optional.of(new DirectBoot(kernel, Optional.of(initrd), "console=ttyS0")),
                Optional.of(new Disk(overlay, Format.QCOW2, Cache.NONE)), Optional.of(drive),
                directory.resolve("console.log"));
    }

    void start(String xml) throws LibvirtException {
        domain = connection.domainDefineXML(xml);
        domain.create();
        started = Instant.now();
    }

    /** Waits until every text is in the console log; returns how long after the start the last one appeared. */
    Duration awaitConsole(Duration timeout, String... texts) throws Exception {
        Path console = directory.resolve("console.log");
        Instant deadline = started.plus(timeout);
        while (true) {
            String log = Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
            if (Arrays.stream(texts).allMatch(log::contains)) {
                log.lines().filter(line -> line.startsWith("kumo-tiny")).forEach(System.out::println);
                return Duration.between(started, Instant.now());
            }
            assertTrue(Instant.now().isBefore(deadline), "not all of " + Arrays.toString(texts) + " in the console"
                    + " within " + timeout + ":\n" + log);
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (domain != null) {
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                domain.undefine();
                domain.free();
            }
        } finally {
            connection.close();
            remove(directory);
        }
    }

    private Path copy(Path file) throws IOException {
        Path copy = directory.resolve(file.getFileName());
        Files.copy(file, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    /**
     * kumo-tiny from {@code .kumo/data/tiny-image} above the working directory (./kumo up seeds it there), or
     * built once into {@code target/tiny-image} by deploy/images/build-tiny-image.sh for a fresh checkout.
     */
    private static Path tinyImage() throws Exception {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path seeded = dir.resolve(".kumo/data/tiny-image");
            if (Files.isReadable(seeded.resolve("vmlinuz")) && Files.isReadable(seeded.resolve("initrd"))
                    && Files.isReadable(seeded.resolve("disk.raw"))) {
                return seeded;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("deploy/images/build-tiny-image.sh");
            if (Files.isRegularFile(script)) {
                Path built = Path.of("target", "tiny-image").toAbsolutePath();
                run("bash", script.toString(), built.toString());
                return built;
            }
        }
        return fail("no kumo-tiny image in .kumo/data/tiny-image above " + Path.of("").toAbsolutePath()
                + " and no deploy/images/build-tiny-image.sh to build one");
    }

    private static void run(String... command) throws Exception {
        Path output = Files.createTempFile("tiny-guest-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
            assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void remove(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static boolean required() {
        String flag = System.getProperty("KUMO_REQUIRE_QEMU", System.getenv("KUMO_REQUIRE_QEMU"));
        return "true".equalsIgnoreCase(flag);
    }
}
