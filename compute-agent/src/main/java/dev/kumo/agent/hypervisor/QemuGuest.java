package dev.kumo.agent.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the libvirt domain of one QEMU guest is made from; {@link QemuDomainXml} turns it into the document.
 * Paths are made absolute here, since libvirtd resolves them in its own working directory, not the agent's.
 *
 * @param instanceName the instance's display name, shown to operators in the domain's Kumo metadata
 * @param imageRef the image the root disk came from, if any, also shown in the metadata
 * @param configDrive an ISO 9660 file attached read-only as a CD-ROM
 * @param interfaces the guest's network interfaces, eth0 first
 */
public record QemuGuest(DomainType type, UUID uuid, String domainName, String instanceName, Optional<String> imageRef,
        long memoryMb, int vcpus, Optional<DirectBoot> directBoot, Optional<Disk> rootDisk, Optional<Path> configDrive,
        Path consoleLog, List<Interface> interfaces) {

    /** A guest without network interfaces. */
    public QemuGuest(DomainType type, UUID uuid, String domainName, String instanceName, Optional<String> imageRef,
            long memoryMb, int vcpus, Optional<DirectBoot> directBoot, Optional<Disk> rootDisk,
            Optional<Path> configDrive, Path consoleLog) {
        this(type, uuid, domainName, instanceName, imageRef, memoryMb, vcpus, directBoot, rootDisk, configDrive,
                consoleLog, List.of());
    }

    public QemuGuest {
        Objects.requireNonNull(type, "type");
        if (type == DomainType.TEST) {
            throw new IllegalArgumentException("QEMU domains are kvm or qemu, not test");
        }
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(domainName, "domainName");
        instanceName = instanceName == null ? "" : instanceName;
        imageRef = Objects.requireNonNull(imageRef, "imageRef").filter(ref -> !ref.isBlank());
        if (memoryMb < 1 || vcpus < 1) {
            throw new IllegalArgumentException("a guest needs at least 1 vCPU and 1 MiB of memory, got " + vcpus
                    + " vCPUs and " + memoryMb + " MiB");
        }
        Objects.requireNonNull(directBoot, "directBoot");
        Objects.requireNonNull(rootDisk, "rootDisk");
        configDrive = Objects.requireNonNull(configDrive, "configDrive").map(Path::toAbsolutePath);
        consoleLog = Objects.requireNonNull(consoleLog, "consoleLog").toAbsolutePath();
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    /** A diskless guest of the instance: no root disk, no config drive, firmware boot. */
    public static QemuGuest of(DomainType type, InstanceSpec spec, Path consoleLog) {
        return new QemuGuest(type, spec.instanceId(), spec.domainName(), spec.name(),
                Optional.ofNullable(spec.imageRef()), spec.resources().memoryMb(), spec.resources().vcpus(),
                Optional.empty(), Optional.empty(), Optional.empty(), consoleLog);
    }

    public QemuGuest withDirectBoot(DirectBoot boot) {
        return new QemuGuest(type, uuid, domainName, instanceName, imageRef, memoryMb, vcpus, Optional.of(boot),
                rootDisk, configDrive, consoleLog, interfaces);
    }

    public QemuGuest withRootDisk(Disk disk) {
        return new QemuGuest(type, uuid, domainName, instanceName, imageRef, memoryMb, vcpus, directBoot,
                Optional.of(disk), configDrive, consoleLog, interfaces);
    }

    public QemuGuest withConfigDrive(Path iso) {
        return new QemuGuest(type, uuid, domainName, instanceName, imageRef, memoryMb, vcpus, directBoot, rootDisk,
                Optional.of(iso), consoleLog, interfaces);
    }

    public QemuGuest withInterfaces(List<Interface> nics) {
        return new QemuGuest(type, uuid, domainName, instanceName, imageRef, memoryMb, vcpus, directBoot, rootDisk,
                configDrive, consoleLog, nics);
    }

    /**
     * A virtio nic on a host bridge: libvirt makes the tap {@code targetDevice} with the port's MAC and MTU and puts
     * it on {@code bridge} when the domain starts.
     */
    public record Interface(String bridge, String targetDevice, String macAddress, int mtu) {

        public Interface {
            Objects.requireNonNull(bridge, "bridge");
            Objects.requireNonNull(targetDevice, "targetDevice");
            macAddress = Objects.requireNonNull(macAddress, "macAddress").toLowerCase(Locale.ROOT);
        }
    }

    /** A kernel, optionally an initrd, and the kernel's command line, booted by QEMU without firmware. */
    public record DirectBoot(Path kernel, Optional<Path> initrd, String cmdline) {

        public DirectBoot {
            kernel = Objects.requireNonNull(kernel, "kernel").toAbsolutePath();
            initrd = Objects.requireNonNull(initrd, "initrd").map(Path::toAbsolutePath);
            cmdline = cmdline == null ? "" : cmdline;
        }
    }

    /** A disk image file the guest sees as its first virtio disk. */
    public record Disk(Path file, Format format, Cache cache) {

        public Disk {
            file = Objects.requireNonNull(file, "file").toAbsolutePath();
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(cache, "cache");
        }

        /** The image format, as QEMU's driver names it. */
        public enum Format {
            QCOW2("qcow2"),
            RAW("raw");

            private final String xmlName;

            Format(String xmlName) {
                this.xmlName = xmlName;
            }

            public String xmlName() {
                return xmlName;
            }
        }

        /**
         * The host page cache mode: {@code none} (O_DIRECT, what Nova uses where the file system supports it) or
         * {@code writeback} (for file systems without O_DIRECT, such as tmpfs).
         */
        public enum Cache {
            NONE("none"),
            WRITEBACK("writeback");

            private final String xmlName;

            Cache(String xmlName) {
                this.xmlName = xmlName;
            }

            public String xmlName() {
                return xmlName;
            }
        }
    }
}
