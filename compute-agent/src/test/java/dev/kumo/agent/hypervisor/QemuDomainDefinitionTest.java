package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.hypervisor.QemuDomainDefinition.DirectBoot;
import dev.kumo.contracts.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuDomainDefinitionTest {

    @TempDir
    Path instances;

    private final UUID id = UUID.fromString("6f1c9a0e-3b2d-4e5f-8a7b-1c2d3e4f5a6b");
    private final InstanceSpec spec = new InstanceSpec(id, "db-1", new Resources(1, 128, 1), null);

    @Test
    void aTcgGuestIsAQemuDomainWithTheFlavorsMemoryAndVcpus() {
        DomainXml xml = xmlOf(DomainType.QEMU, Optional.empty());

        assertEquals("qemu", xml.text("/domain/@type"));
        assertEquals("kumo-" + id, xml.text("/domain/name"));
        assertEquals(id.toString(), xml.text("/domain/uuid"));
        assertEquals("128", xml.text("/domain/memory"));
        assertEquals("MiB", xml.text("/domain/memory/@unit"));
        assertEquals("1", xml.text("/domain/vcpu"));
        assertEquals("db-1", xml.text("/domain/metadata/k:instance/k:name"));
        assertEquals(0, xml.count("/domain/cpu"));
    }

    @Test
    void aKvmGuestSeesTheHostsCpu() {
        DomainXml xml = xmlOf(DomainType.KVM, Optional.empty());

        assertEquals("kvm", xml.text("/domain/@type"));
        assertEquals("host-passthrough", xml.text("/domain/cpu/@mode"));
    }

    @Test
    void aDisklessGuestHasNoDiskAndWaitsInFirmware() {
        DomainXml xml = xmlOf(DomainType.QEMU, Optional.empty());

        assertEquals(0, xml.count("//disk"));
        assertEquals(0, xml.count("/domain/os/kernel"));
        assertEquals("hd", xml.text("/domain/os/boot/@dev"));
    }

    @Test
    void theSerialConsoleIsWrittenToTheInstancesConsoleLog() {
        DomainXml xml = xmlOf(DomainType.QEMU, Optional.empty());

        assertEquals("file", xml.text("/domain/devices/serial/@type"));
        assertEquals(instances.resolve(id.toString()).resolve("console.log").toAbsolutePath().toString(),
                xml.text("/domain/devices/serial/source/@path"));
    }

    @Test
    void aConfiguredKernelAndInitrdBootDirectlyWithTheConsoleOnTheSerialPort() {
        DirectBoot boot = new DirectBoot(Path.of("/boot/vmlinuz"), Path.of("/boot/initrd.img"), "console=ttyS0");

        DomainXml xml = xmlOf(DomainType.QEMU, Optional.of(boot));

        assertEquals("/boot/vmlinuz", xml.text("/domain/os/kernel"));
        assertEquals("/boot/initrd.img", xml.text("/domain/os/initrd"));
        assertEquals("console=ttyS0", xml.text("/domain/os/cmdline"));
        assertEquals(0, xml.count("/domain/os/boot"));
    }

    @Test
    void theInstanceDirectoryIsCreatedBeforeAndRemovedAfter() throws IOException {
        QemuDomainDefinition definition = new QemuDomainDefinition(DomainType.QEMU, instances, Optional.empty());

        definition.prepare(spec);
        Path console = definition.consoleLog(id).orElseThrow();
        assertTrue(Files.isDirectory(console.getParent()));
        Files.writeString(console, "SeaBIOS\n");

        definition.release(id);
        assertFalse(Files.exists(console.getParent()));
        definition.release(id);
    }

    @Test
    void testDomainsAreNotQemuDomains() {
        assertThrows(IllegalArgumentException.class,
                () -> new QemuDomainDefinition(DomainType.TEST, instances, Optional.empty()));
    }

    private DomainXml xmlOf(DomainType type, Optional<DirectBoot> boot) {
        return new DomainXml(new QemuDomainDefinition(type, instances, boot).xmlFor(spec));
    }
}
