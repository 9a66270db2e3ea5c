package dev.kumo.agent.hypervisor;

import dev.kumo.agent.hypervisor.QemuGuest.DirectBoot;
import dev.kumo.agent.hypervisor.QemuGuest.Disk;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The libvirt {@code <domain>} document of a {@link QemuGuest}, built as a DOM tree and serialized by the JDK, so
 * no name, path or kernel command line can become markup. The machine is {@code pc} (i440fx, libvirt's default for
 * x86_64), which has the IDE bus the config drive's CD-ROM sits on, as under Nova.
 */
public final class QemuDomainXml {

    private static final String MACHINE = "pc";
    private static final String CONFIG_DRIVE_TARGET = "hdc";

    private final Document document;

    private QemuDomainXml(Document document) {
        this.document = document;
    }

    /** The complete domain document. */
    public static String of(QemuGuest guest) {
        QemuDomainXml xml = new QemuDomainXml(newDocument());
        xml.document.appendChild(xml.domain(guest));
        return xml.serialized();
    }

    private Element domain(QemuGuest guest) {
        Element domain = element("domain");
        domain.setAttribute("type", guest.type().xmlName());
        domain.appendChild(element("name", exact("domain name", guest.domainName())));
        domain.appendChild(element("uuid", guest.uuid().toString()));
        domain.appendChild(metadata(guest));
        domain.appendChild(attributes(element("memory", Long.toString(guest.memoryMb())), "unit", "MiB"));
        domain.appendChild(attributes(element("vcpu", Integer.toString(guest.vcpus())), "placement", "static"));
        domain.appendChild(os(guest));
        Element features = element("features");
        features.appendChild(element("acpi"));
        features.appendChild(element("apic"));
        domain.appendChild(features);
        if (guest.type() == DomainType.KVM) {
            // Under KVM the guest sees the host's CPU; TCG emulates QEMU's default model.
            domain.appendChild(attributes(element("cpu"), "mode", "host-passthrough"));
        }
        domain.appendChild(attributes(element("clock"), "offset", "utc"));
        domain.appendChild(element("on_poweroff", "destroy"));
        domain.appendChild(element("on_reboot", "restart"));
        domain.appendChild(element("on_crash", "destroy"));
        domain.appendChild(devices(guest));
        return domain;
    }

    /** Tells an operator reading {@code virsh dumpxml} which instance the domain is. */
    private Element metadata(QemuGuest guest) {
        Element instance = document.createElementNS(KumoMetadata.NAMESPACE, "kumo:instance");
        instance.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:kumo", KumoMetadata.NAMESPACE);
        Element name = document.createElementNS(KumoMetadata.NAMESPACE, "kumo:name");
        name.setTextContent(displayable(guest.instanceName()));
        instance.appendChild(name);
        guest.imageRef().ifPresent(ref -> {
            Element image = document.createElementNS(KumoMetadata.NAMESPACE, "kumo:image");
            image.setTextContent(displayable(ref));
            instance.appendChild(image);
        });
        Element metadata = element("metadata");
        metadata.appendChild(instance);
        return metadata;
    }

    private Element os(QemuGuest guest) {
        Element os = element("os");
        os.appendChild(attributes(element("type", "hvm"), "machine", MACHINE));
        if (guest.directBoot().isPresent()) {
            DirectBoot boot = guest.directBoot().get();
            os.appendChild(element("kernel", path("kernel", boot.kernel())));
            boot.initrd().ifPresent(initrd -> os.appendChild(element("initrd", path("initrd", initrd))));
            os.appendChild(element("cmdline", exact("kernel command line", boot.cmdline())));
        } else {
            os.appendChild(attributes(element("boot"), "dev", "hd"));
        }
        return os;
    }

    private Element devices(QemuGuest guest) {
        Element devices = element("devices");
        guest.rootDisk().ifPresent(disk -> devices.appendChild(rootDisk(disk)));
        guest.configDrive().ifPresent(iso -> devices.appendChild(configDrive(iso)));
        guest.interfaces().forEach(nic -> devices.appendChild(networkInterface(nic)));
        Element serial = attributes(element("serial"), "type", "file");
        serial.appendChild(attributes(element("source"), "path", path("console log", guest.consoleLog()),
                "append", "on"));
        serial.appendChild(attributes(element("target"), "port", "0"));
        devices.appendChild(serial);
        devices.appendChild(attributes(element("memballoon"), "model", "none"));
        return devices;
    }

    private Element rootDisk(Disk disk) {
        Element element = attributes(element("disk"), "type", "file", "device", "disk");
        element.appendChild(attributes(element("driver"), "name", "qemu", "type", disk.format().xmlName(),
                "cache", disk.cache().xmlName()));
        element.appendChild(attributes(element("source"), "file", path("root disk", disk.file())));
        element.appendChild(attributes(element("target"), "dev", "vda", "bus", "virtio"));
        return element;
    }

    /** A bridged virtio nic with the port's MAC, tap name and MTU. */
    private Element networkInterface(QemuGuest.Interface nic) {
        Element element = attributes(element("interface"), "type", "bridge");
        element.appendChild(attributes(element("mac"), "address", exact("MAC address", nic.macAddress())));
        element.appendChild(attributes(element("source"), "bridge", exact("bridge", nic.bridge())));
        element.appendChild(attributes(element("target"), "dev", exact("tap device", nic.targetDevice())));
        element.appendChild(attributes(element("model"), "type", "virtio"));
        element.appendChild(attributes(element("mtu"), "size", Integer.toString(nic.mtu())));
        return element;
    }

    private Element configDrive(Path iso) {
        Element element = attributes(element("disk"), "type", "file", "device", "cdrom");
        element.appendChild(attributes(element("driver"), "name", "qemu", "type", "raw"));
        element.appendChild(attributes(element("source"), "file", path("config drive", iso)));
        element.appendChild(attributes(element("target"), "dev", CONFIG_DRIVE_TARGET, "bus", "ide"));
        element.appendChild(element("readonly"));
        return element;
    }

    private Element element(String name) {
        return document.createElement(name);
    }

    private Element element(String name, String text) {
        Element element = document.createElement(name);
        element.setTextContent(text);
        return element;
    }

    private static Element attributes(Element element, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            element.setAttribute(namesAndValues[i], namesAndValues[i + 1]);
        }
        return element;
    }

    private static String path(String what, Path path) {
        return exact(what, path.toAbsolutePath().toString());
    }

    /**
     * Text that must reach libvirt unchanged: XML 1.0 cannot carry control characters even as character
     * references, so a value with one is refused rather than altered into another path or command line.
     */
    private static String exact(String what, String text) {
        if (!text.equals(displayable(text))) {
            throw new IllegalArgumentException("the " + what + " contains characters XML 1.0 cannot carry: "
                    + text.codePoints().filter(c -> !allowed(c)).mapToObj(c -> String.format("U+%04X", c)).toList());
        }
        return text;
    }

    /** Text shown to people, with the characters XML 1.0 cannot carry dropped. */
    private static String displayable(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(QemuDomainXml::allowed).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /** XML 1.0's Char production. */
    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static Document newDocument() {
        try {
            // The JDK's own implementations: an XML library on the class path must not change the output.
            return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM implementation is unavailable", e);
        }
    }

    private String serialized() {
        try {
            Transformer transformer = TransformerFactory.newDefaultInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize the domain document", e);
        }
    }
}
