package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.agent.configdrive.ConfigDriveContent;
import dev.kumo.agent.configdrive.ConfigDriveContent.PublicKey;
import dev.kumo.agent.hypervisor.QemuGuest.DirectBoot;
import dev.kumo.agent.hypervisor.QemuGuest.Disk;
import dev.kumo.agent.hypervisor.QemuGuest.Disk.Cache;
import dev.kumo.agent.hypervisor.QemuGuest.Disk.Format;
import dev.kumo.contracts.Resources;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.w3c.dom.Document;

class QemuDomainXmlTest {

    /** Everything that could close a tag, open one, end an attribute or a CDATA section. */
    static final String HOSTILE = "x'<>&\"]]></name><evil a='1'/><![CDATA[y]]>";

    private final UUID id = UUID.fromString("7a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d");
    private final InstanceSpec spec = new InstanceSpec(id, "db-1", new Resources(2, 256, 1), "image-42");
    private final Path console = Path.of("/var/lib/kumo/instances", id.toString(), "console.log");

    @Test
    void aTcgGuestKeepsWhatQemuDomainDefinitionWrites() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, console)));

        assertEquals("qemu", xml.text("/domain/@type"));
        assertEquals("kumo-" + id, xml.text("/domain/name"));
        assertEquals(id.toString(), xml.text("/domain/uuid"));
        assertEquals("256", xml.text("/domain/memory"));
        assertEquals("MiB", xml.text("/domain/memory/@unit"));
        assertEquals("2", xml.text("/domain/vcpu"));
        assertEquals("static", xml.text("/domain/vcpu/@placement"));
        assertEquals("db-1", xml.text("/domain/metadata/k:instance/k:name"));
        assertEquals("image-42", xml.text("/domain/metadata/k:instance/k:image"));
        assertEquals("hvm", xml.text("/domain/os/type"));
        assertEquals("pc", xml.text("/domain/os/type/@machine"));
        assertEquals(1, xml.count("/domain/features/acpi"));
        assertEquals(1, xml.count("/domain/features/apic"));
        assertEquals(0, xml.count("/domain/cpu"));
        assertEquals("utc", xml.text("/domain/clock/@offset"));
        assertEquals("destroy", xml.text("/domain/on_poweroff"));
        assertEquals("restart", xml.text("/domain/on_reboot"));
        assertEquals("destroy", xml.text("/domain/on_crash"));
        assertEquals("file", xml.text("/domain/devices/serial/@type"));
        assertEquals(console.toString(), xml.text("/domain/devices/serial/source/@path"));
        assertEquals("on", xml.text("/domain/devices/serial/source/@append"));
        assertEquals("0", xml.text("/domain/devices/serial/target/@port"));
        assertEquals("none", xml.text("/domain/devices/memballoon/@model"));
    }

    @Test
    void aKvmGuestSeesTheHostsCpu() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.KVM, spec, console)));

        assertEquals("kvm", xml.text("/domain/@type"));
        assertEquals("host-passthrough", xml.text("/domain/cpu/@mode"));
    }

    @Test
    void aRootDiskIsTheFirstVirtioDiskAndTheGuestBootsFromIt() {
        Path overlay = Path.of("/var/lib/kumo/instances", id.toString(), "disk");

        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, console)
                .withRootDisk(new Disk(overlay, Format.QCOW2, Cache.NONE))));

        assertEquals(1, xml.count("/domain/devices/disk"));
        assertEquals("file", xml.text("/domain/devices/disk/@type"));
        assertEquals("disk", xml.text("/domain/devices/disk/@device"));
        assertEquals("qemu", xml.text("/domain/devices/disk/driver/@name"));
        assertEquals("qcow2", xml.text("/domain/devices/disk/driver/@type"));
        assertEquals("none", xml.text("/domain/devices/disk/driver/@cache"));
        assertEquals(overlay.toString(), xml.text("/domain/devices/disk/source/@file"));
        assertEquals("vda", xml.text("/domain/devices/disk/target/@dev"));
        assertEquals("virtio", xml.text("/domain/devices/disk/target/@bus"));
        assertEquals("hd", xml.text("/domain/os/boot/@dev"));
    }

    @Test
    void theConfigDriveIsAReadOnlyIdeCdrom() {
        Path iso = Path.of("/var/lib/kumo/instances", id.toString(), "disk.config");

        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, console)
                .withRootDisk(new Disk(Path.of("/images/raw"), Format.RAW, Cache.WRITEBACK)).withConfigDrive(iso)));

        assertEquals(2, xml.count("/domain/devices/disk"));
        assertEquals("raw", xml.text("/domain/devices/disk[@device='disk']/driver/@type"));
        assertEquals("writeback", xml.text("/domain/devices/disk[@device='disk']/driver/@cache"));
        String cdrom = "/domain/devices/disk[@device='cdrom']";
        assertEquals("file", xml.text(cdrom + "/@type"));
        assertEquals("qemu", xml.text(cdrom + "/driver/@name"));
        assertEquals("raw", xml.text(cdrom + "/driver/@type"));
        assertEquals(iso.toString(), xml.text(cdrom + "/source/@file"));
        assertEquals("hdc", xml.text(cdrom + "/target/@dev"));
        assertEquals("ide", xml.text(cdrom + "/target/@bus"));
        assertEquals(1, xml.count(cdrom + "/readonly"));
    }

    @Test
    void eachNetworkInterfaceIsAVirtioNicOnItsSegmentsBridgeWithThePortsMacTapAndMtu() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, console).withInterfaces(
                List.of(new QemuGuest.Interface("kbr5e9c1d2a7b3", "tap0c6f9a2e-1b", "FA:16:3E:00:00:0B", 1450),
                        new QemuGuest.Interface("kbrvx4242", "tap11111111-2", "fa:16:3e:00:00:0c", 1500)))));

        assertEquals(2, xml.count("/domain/devices/interface"));
        String first = "/domain/devices/interface[1]";
        assertEquals("bridge", xml.text(first + "/@type"));
        assertEquals("fa:16:3e:00:00:0b", xml.text(first + "/mac/@address"));
        assertEquals("kbr5e9c1d2a7b3", xml.text(first + "/source/@bridge"));
        assertEquals("tap0c6f9a2e-1b", xml.text(first + "/target/@dev"));
        assertEquals("virtio", xml.text(first + "/model/@type"));
        assertEquals("1450", xml.text(first + "/mtu/@size"));
        assertEquals("kbrvx4242", xml.text("/domain/devices/interface[2]/source/@bridge"));
    }

    @Test
    void aGuestWithoutNicsHasNoInterface() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, console)));

        assertEquals(0, xml.count("/domain/devices/interface"));
    }

    @Test
    void aKernelBootsDirectlyWithItsInitrdAndCommandLineAndNoBootDevice() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, console).withDirectBoot(
                new DirectBoot(Path.of("/boot/vmlinuz"), Optional.of(Path.of("/boot/initrd")), "console=ttyS0"))));

        assertEquals("/boot/vmlinuz", xml.text("/domain/os/kernel"));
        assertEquals("/boot/initrd", xml.text("/domain/os/initrd"));
        assertEquals("console=ttyS0", xml.text("/domain/os/cmdline"));
        assertEquals(0, xml.count("/domain/os/boot"));
    }

    @Test
    void aKernelWithoutInitrdHasNoInitrdElement() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, console)
                .withDirectBoot(new DirectBoot(Path.of("/boot/vmlinuz"), Optional.empty(), "console=ttyS0"))));

        assertEquals(1, xml.count("/domain/os/kernel"));
        assertEquals(0, xml.count("/domain/os/initrd"));
    }

    @Test
    void relativePathsAreMadeAbsoluteSinceLibvirtdHasItsOwnWorkingDirectory() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU, spec, Path.of("console.log"))
                .withConfigDrive(Path.of("disk.config"))));

        assertEquals(Path.of("console.log").toAbsolutePath().toString(),
                xml.text("/domain/devices/serial/source/@path"));
        assertEquals(Path.of("disk.config").toAbsolutePath().toString(),
                xml.text("/domain/devices/disk/source/@file"));
    }

    @Test
    void namesPathsAndTheCommandLineComeOutAsTextNeverAsMarkup() {
        InstanceSpec hostile = new InstanceSpec(id, HOSTILE, new Resources(1, 128, 0), HOSTILE);
        Path directory = Path.of("/srv", HOSTILE);
        QemuGuest guest = new QemuGuest(DomainType.QEMU, id, HOSTILE, HOSTILE, Optional.of(HOSTILE), 128, 1,
                Optional.of(new DirectBoot(directory.resolve("vmlinuz"), Optional.of(directory.resolve("initrd")),
                        "console=ttyS0 " + HOSTILE)),
                Optional.of(new Disk(directory.resolve("disk"), Format.QCOW2, Cache.NONE)),
                Optional.of(directory.resolve("disk.config")), directory.resolve("console.log"));
        assertEquals(HOSTILE, hostile.name());

        String document = QemuDomainXml.of(guest);
        DomainXml xml = new DomainXml(document);

        assertEquals(HOSTILE, xml.text("/domain/name"));
        assertEquals(HOSTILE, xml.text("/domain/metadata/k:instance/k:name"));
        assertEquals(HOSTILE, xml.text("/domain/metadata/k:instance/k:image"));
        assertEquals("console=ttyS0 " + HOSTILE, xml.text("/domain/os/cmdline"));
        assertEquals(directory.resolve("vmlinuz").toString(), xml.text("/domain/os/kernel"));
        assertEquals(directory.resolve("initrd").toString(), xml.text("/domain/os/initrd"));
        assertEquals(directory.resolve("disk").toString(),
                xml.text("/domain/devices/disk[@device='disk']/source/@file"));
        assertEquals(directory.resolve("disk.config").toString(),
                xml.text("/domain/devices/disk[@device='cdrom']/source/@file"));
        assertEquals(directory.resolve("console.log").toString(), xml.text("/domain/devices/serial/source/@path"));
        assertEquals(0, xml.count("//evil"));
        assertEquals(1, xml.count("/domain/name"));
        assertFalse(document.contains("<evil") || document.contains("<![CDATA["), document);
    }

    @Test
    void controlCharactersAreDroppedFromTheDisplayNameButRefusedInPathsAndTheCommandLine() {
        DomainXml xml = new DomainXml(QemuDomainXml.of(QemuGuest.of(DomainType.QEMU,
                new InstanceSpec(id, "db\u0001-1\u001b", new Resources(1, 128, 0), null), console)));
        assertEquals("db-1", xml.text("/domain/metadata/k:instance/k:name"));
        assertEquals(0, xml.count("/domain/metadata/k:instance/k:image"));

        QemuGuest guest = QemuGuest.of(DomainType.QEMU, spec, console);
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> QemuDomainXml.of(guest.withConfigDrive(Path.of("/srv/a\u0007b"))));
        assertTrue(path.getMessage().contains("config drive") && path.getMessage().contains("U+0007"),
                path.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QemuDomainXml.of(guest.withDirectBoot(
                new DirectBoot(Path.of("/boot/vmlinuz"), Optional.empty(), "console=ttyS0\u0000"))));
    }

    @Test
    void testDomainsAreNotQemuGuests() {
        assertThrows(IllegalArgumentException.class, () -> QemuGuest.of(DomainType.TEST, spec, console));
    }

    /** libvirt's own parser: the test driver defines only {@code test} domains, so the type is changed for it. */
    @Test
    void libvirtsTestDriverDefinesTheDocumentWithEveryDevice() throws Exception {
        String xml = QemuDomainXml.of(fullGuest(DomainType.QEMU));
        Connect connection = new Connect("test:///default");
        try {
            Domain domain = connection.domainDefineXML(withDomainType(xml, "test"));
            try {
                DomainXml defined = new DomainXml(domain.getXMLDesc(0));
                assertEquals("kumo-" + id, defined.text("/domain/name"));
                assertEquals("db-1", defined.text("/domain/metadata/k:instance/k:name"));
                assertEquals("vda", defined.text("/domain/devices/disk[@device='disk']/target/@dev"));
                assertEquals("hdc", defined.text("/domain/devices/disk[@device='cdrom']/target/@dev"));
                assertEquals(1, defined.count("/domain/devices/disk[@device='cdrom']/readonly"));
                assertEquals("console=ttyS0", defined.text("/domain/os/cmdline"));
                assertEquals("fa:16:3e:00:00:0b", defined.text("/domain/devices/interface/mac/@address"));
            } finally {
                domain.undefine();
            }
        } finally {
            connection.close();
        }
    }

    /** libvirt's RelaxNG schema of domains, on the kvm and qemu documents as written (package libvirt-clients). */
    @Test
    void virtXmlValidateAcceptsKvmAndQemuDocuments(@TempDir Path dir) throws Exception {
        Optional<Path> validator = onPath("virt-xml-validate");
        assumeTrue(validator.isPresent(), "virt-xml-validate is not installed");
        for (DomainType type : new DomainType[] {DomainType.KVM, DomainType.QEMU}) {
            Path file = dir.resolve(type.xmlName() + ".xml");
            Files.writeString(file, QemuDomainXml.of(fullGuest(type)));

            Process process = new ProcessBuilder(validator.get().toString(), file.toString(), "domain")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));

            assertEquals(0, process.exitValue(), output + "\n" + Files.readString(file));
        }
    }

    /**
     * One real guest on qemu:///system from the document: kumo-tiny boots its kernel directly with a qcow2 overlay
     * of its disk as vda and a config drive as the CD-ROM, and reports the drive's user data on its serial console.
     * Skipped when libvirtd is not reachable, unless KUMO_REQUIRE_QEMU=true.
     */
    @Test
    void aTinyGuestBootsFromTheDocumentAndReadsItsConfigDrive() throws Exception {
        try (TinyGuest tiny = TinyGuest.onQemuSystem()) {
            String line = "hello from the config drive of " + tiny.id();
            String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITiny alice@laptop";
            QemuGuest guest = tiny.guest(new ConfigDriveContent(tiny.id(), "tiny", "tiny-1", "project-1", "nova", 0,
                    List.of(PublicKey.ssh("alice", key)), Map.of(),
                    Optional.of((line + "\n").getBytes(StandardCharsets.UTF_8)), List.of(), List.of()));

            tiny.start(QemuDomainXml.of(guest));

            Duration took = tiny.awaitConsole(Duration.ofSeconds(120), "kumo-tiny: config drive /dev/",
                    "kumo-tiny: uuid " + tiny.id(), "kumo-tiny: hostname tiny-1",
                    "kumo-tiny: public_key alice " + key, "kumo-tiny: user_data " + line);
            System.out.printf("kumo-tiny (%s) reported its config drive %.1f s after its domain started%n",
                    guest.type().xmlName(), took.toMillis() / 1000.0);
        }
    }

    private QemuGuest fullGuest(DomainType type) {
        Path instance = Path.of("/var/lib/kumo/instances", id.toString());
        return QemuGuest.of(type, spec, instance.resolve("console.log"))
                .withDirectBoot(new DirectBoot(Path.of("/boot/vmlinuz"), Optional.of(Path.of("/boot/initrd")),
                        "console=ttyS0"))
                .withRootDisk(new Disk(instance.resolve("disk"), Format.QCOW2, Cache.NONE))
                .withConfigDrive(instance.resolve("disk.config"))
                .withInterfaces(List.of(new QemuGuest.Interface("kbr5e9c1d2a7b3", "tap0c6f9a2e-1b",
                        "fa:16:3e:00:00:0b", 1450)));
    }

    private static String withDomainType(String xml, String type) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        document.getDocumentElement().setAttribute("type", type);
        StringWriter out = new StringWriter();
        TransformerFactory.newDefaultInstance().newTransformer().transform(new DOMSource(document),
                new StreamResult(out));
        return out.toString();
    }

    static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(directory -> Path.of(directory, program)).filter(Files::isExecutable).findFirst();
    }
}
