package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.agent.console.ConsoleTail;
import dev.kumo.agent.hypervisor.QemuDomainDefinition.DirectBoot;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.agent.power.InstancePower.Outcome;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real guest on qemu:///system: a diskless 128 MiB guest that sits in firmware, under KVM where it works and
 * TCG elsewhere. Skipped when libvirtd is not reachable, unless {@code KUMO_REQUIRE_QEMU=true} (system property
 * or environment variable), which turns an unreachable libvirtd into a failure.
 */
class QemuSystemTest {

    private static final String URI = "qemu:///system";
    // Under the build directory, not /tmp: QEMU runs as libvirt-qemu and must reach the console log.
    private static final Path INSTANCES = Path.of("target", "qemu-system-test", "instances").toAbsolutePath();

    private static LibvirtHypervisor host;
    private static QemuDomainDefinition definition;
    private static String unreachable;

    @BeforeAll
    static void connectToLibvirtd() throws Exception {
        Files.createDirectories(INSTANCES);
        definition = new QemuDomainDefinition(DomainType.forQemu("auto"), INSTANCES, Optional.empty());
        try {
            host = LibvirtHypervisor.open(URI, definition, () -> 10);
        } catch (HypervisorException e) {
            unreachable = e.getMessage();
        }
    }

    @BeforeEach
    void libvirtdIsReachable() {
        if (unreachable != null && required()) {
            fail("KUMO_REQUIRE_QEMU=true but libvirtd is not reachable: " + unreachable);
        }
        assumeTrue(unreachable == null, () -> "libvirtd is not reachable: " + unreachable);
    }

    @AfterAll
    static void close() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aTinyGuestRunsUntilDestroyedAndThenIsGone() throws Exception {
        UUID id = UUID.randomUUID();
        InstanceSpec spec = new InstanceSpec(id, "qemu-system-test", new Resources(1, 128, 0), null);
        try {
            host.spawn(spec);

            assertEquals(InstanceState.RUNNING, host.state(id));
            assertTrue(host.running().contains(id));
            host.spawn(spec);
            assertEquals(InstanceState.RUNNING, host.state(id), "a second spawn leaves the guest running");
            awaitConsoleFile(definition.consoleLog(id).orElseThrow());

            host.destroy(id);

            assertEquals(InstanceState.ABSENT, host.state(id));
            assertFalse(host.list().contains(id));
            assertFalse(Files.exists(definition.consoleLog(id).orElseThrow().getParent()));
        } finally {
            host.destroy(id);
        }
    }

    @Test
    void aConfiguredKernelBootsWithItsConsoleInTheConsoleLog() throws Exception {
        QemuDomainDefinition direct = directBootDefinition();
        UUID id = UUID.randomUUID();
        try (LibvirtHypervisor booting = LibvirtHypervisor.open(URI, direct, () -> 10)) {
            try {
                booting.spawn(new InstanceSpec(id, "kernel-boot-test", new Resources(1, 256, 0), null));

                awaitConsoleText(direct.consoleLog(id).orElseThrow(), "Linux version", 1, Duration.ofSeconds(90));
            } finally {
                booting.destroy(id);
            }
        }
    }

    /**
     * The power operations on a real guest. The guest ignores the power button (nothing in its initramfs listens for
     * ACPI), so the stop takes the shutdown-timeout path; both boots show in its serial console, which is appended to.
     */
    @Test
    void aRealGuestPausesSuspendsStopsAndStartsAndItsConsoleShowsBothBoots() throws Exception {
        QemuDomainDefinition direct = directBootDefinition();
        UUID id = UUID.randomUUID();
        InstancePower power = new InstancePower(Duration.ofSeconds(3));
        Set<UUID> announced = ConcurrentHashMap.newKeySet();
        try (LibvirtHypervisor booting = LibvirtHypervisor.open(URI, direct, () -> 10)) {
            booting.onPowerChange(announced::add);
            try {
                booting.spawn(new InstanceSpec(id, "power-test", new Resources(1, 256, 0), null));
                Path console = direct.consoleLog(id).orElseThrow();
                awaitConsoleText(console, "Linux version", 1, Duration.ofSeconds(90));

                assertEquals(new Outcome(InstanceState.PAUSED, true), power.apply(booting, id, PowerOperation.PAUSE));
                assertEquals(new Outcome(InstanceState.RUNNING, true),
                        power.apply(booting, id, PowerOperation.UNPAUSE));
                assertEquals(new Outcome(InstanceState.SUSPENDED, true),
                        power.apply(booting, id, PowerOperation.SUSPEND));
                assertEquals(new Outcome(InstanceState.RUNNING, true), power.apply(booting, id, PowerOperation.RESUME));
                assertEquals(new Outcome(InstanceState.SHUTDOWN, true), power.apply(booting, id, PowerOperation.STOP));
                assertEquals(new Outcome(InstanceState.SHUTDOWN, false), power.apply(booting, id, PowerOperation.STOP));
                assertEquals(new Outcome(InstanceState.RUNNING, true), power.apply(booting, id, PowerOperation.START));

                awaitConsoleText(console, "Linux version", 2, Duration.ofSeconds(90));
                String lastLines = ConsoleTail.of(console, OptionalInt.of(3), ConsoleTail.MAX_BYTES);
                assertTrue(lastLines.lines().count() <= 3 && !lastLines.isBlank(), lastLines);
                assertTrue(ConsoleTail.of(console, OptionalInt.empty(), ConsoleTail.MAX_BYTES).contains("Linux version"));
                assertTrue(announced.contains(id), "libvirtd announced the guest's lifecycle events");
            } finally {
                booting.destroy(id);
            }
            assertFalse(Files.exists(direct.consoleLog(id).orElseThrow()), "the console log goes with the instance");
        }
    }

    @Test
    void theInventoryIsTheMachines() {
        Resources inventory = host.inventory();

        assertEquals(Runtime.getRuntime().availableProcessors(), inventory.vcpus());
        assertTrue(inventory.memoryMb() > 512, "memory " + inventory.memoryMb() + " MiB");
    }

    private static void awaitConsoleFile(Path console) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!Files.exists(console)) {
            assertTrue(Instant.now().isBefore(deadline), "no console log at " + console);
            Thread.sleep(100);
        }
    }

    /** The machine's own Debian kernel and initrd, copied: libvirt relabels the files a guest boots from. */
    private static QemuDomainDefinition directBootDefinition() throws IOException {
        Optional<Path> kernel = newest("vmlinuz-");
        Optional<Path> initrd = newest("initrd.img-");
        if (required() && (kernel.isEmpty() || initrd.isEmpty())) {
            fail("KUMO_REQUIRE_QEMU=true but /boot has no kernel and initrd (./kumo test installs linux-image-amd64)");
        }
        assumeTrue(kernel.isPresent() && initrd.isPresent(), "no kernel and initrd in /boot");
        Path boot = readableByQemu();
        return new QemuDomainDefinition(definition.type(), INSTANCES, Optional.of(
                new DirectBoot(copy(kernel.get(), boot), copy(initrd.get(), boot), "console=ttyS0")));
    }

    private static void awaitConsoleText(Path console, String text, int times, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (occurrences(console, text) < times) {
            assertTrue(Instant.now().isBefore(deadline),
                    "no " + times + " x '" + text + "' in " + console + " within " + timeout);
            Thread.sleep(250);
        }
    }

    private static int occurrences(Path console, String text) throws IOException {
        if (!Files.exists(console)) {
            return 0;
        }
        String content = Files.readString(console, StandardCharsets.ISO_8859_1);
        int count = 0;
        for (int at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }

    private static Optional<Path> newest(String prefix) throws IOException {
        if (!Files.isDirectory(Path.of("/boot"))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(Path.of("/boot"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix))
                    .max(Comparator.comparing(Path::toString));
        }
    }

    /**
     * QEMU runs as its own user and opens the kernel itself, so the files must sit where every directory
     * on the way can be entered: not below the checkout, which may be in a private (0700) directory.
     */
    private static Path readableByQemu() throws IOException {
        Path boot = Files.createDirectories(Path.of("/var/tmp", "kumo-qemu-system-test"));
        Files.setPosixFilePermissions(boot, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return boot;
    }

    private static Path copy(Path file, Path directory) throws IOException {
        Path copy = directory.resolve(file.getFileName());
        if (!Files.exists(copy) || Files.size(copy) != Files.size(file)) {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    private static boolean required() {
        String flag = System.getProperty("KUMO_REQUIRE_QEMU", System.getenv("KUMO_REQUIRE_QEMU"));
        return "true".equalsIgnoreCase(flag);
    }
}
