package dev.kumo.agent.hypervisor;

import dev.kumo.agent.configdrive.ConfigDrive;
import dev.kumo.agent.disks.QemuImg;
import dev.kumo.agent.images.ImageCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Domains of QEMU on qemu:///system, {@code kvm} or {@code qemu} (TCG). An instance with an image boots from a
 * copy-on-write disk on the host's cached copy of it, with a config drive, and directly from the kernel and
 * ramdisk the image names ({@link QemuGuestFiles}); one without an image is diskless, sitting in firmware or
 * booting the configured kernel. Its serial console goes to {@code <instances>/<uuid>/console.log}. Its network
 * interfaces are the ones the host's network backend plugged for it. The XML is built by {@link QemuDomainXml}.
 */
public final class QemuDomainDefinition implements DomainDefinition {

    private final DomainType type;
    private final InstanceDirectories instances;
    private final Optional<QemuGuest.DirectBoot> configuredBoot;
    private final Optional<QemuGuestFiles> files;
    private final Function<UUID, List<QemuGuest.Interface>> interfaces;

    /** Diskless guests only: an image is ignored. */
    public QemuDomainDefinition(DomainType type, Path instancesDirectory, Optional<DirectBoot> directBoot) {
        this(type, instancesDirectory, directBoot, null);
    }

    /** Guests that boot from their images, cached in {@code cache}. */
    public QemuDomainDefinition(DomainType type, Path instancesDirectory, Optional<DirectBoot> directBoot,
            ImageCache cache) {
        this(type, instancesDirectory, directBoot, cache, instanceId -> List.of());
    }

    /** Guests that boot from their images, with the network interfaces {@code interfaces} names for each. */
    public QemuDomainDefinition(DomainType type, Path instancesDirectory, Optional<DirectBoot> directBoot,
            ImageCache cache, Function<UUID, List<QemuGuest.Interface>> interfaces) {
        if (type == DomainType.TEST) {
            throw new IllegalArgumentException("QEMU domains are kvm or qemu, not test");
        }
        this.type = type;
        this.instances = new InstanceDirectories(instancesDirectory);
        this.configuredBoot = directBoot.map(boot -> new QemuGuest.DirectBoot(boot.kernel(),
                Optional.of(boot.initrd()), boot.cmdline()));
        this.files = Optional.ofNullable(cache)
                .map(images -> new QemuGuestFiles(instances, images, new QemuImg(), new ConfigDrive()));
        this.interfaces = interfaces;
    }

    /** A kernel and initrd QEMU boots without firmware looking for a disk. */
    public record DirectBoot(Path kernel, Path initrd, String cmdline) {
    }

    @Override
    public DomainType type() {
        return type;
    }

    /** The guest's serial console, written by QEMU (libvirt opens the file and hands QEMU its descriptor). */
    @Override
    public Optional<Path> consoleLog(UUID instanceId) {
        return Optional.of(instances.consoleLog(instanceId));
    }

    @Override
    public String xmlFor(InstanceSpec spec) {
        QemuGuest guest = files.map(guestFiles -> guestFiles.guest(type, spec, configuredBoot))
                .orElseGet(() -> {
                    QemuGuest diskless = QemuGuest.of(type, spec, instances.consoleLog(spec.instanceId()));
                    return configuredBoot.map(diskless::withDirectBoot).orElse(diskless);
                });
        return QemuDomainXml.of(guest.withInterfaces(interfaces.apply(spec.instanceId())));
    }

    @Override
    public void prepare(InstanceSpec spec) {
        if (files.isPresent()) {
            files.get().prepare(spec);
        } else {
            instances.create(spec.instanceId());
        }
    }

    @Override
    public Optional<Path> rootDisk(UUID instanceId) {
        return files.flatMap(guestFiles -> guestFiles.rootDisk(instanceId));
    }

    @Override
    public void release(UUID instanceId) {
        if (files.isPresent()) {
            files.get().release(instanceId);
        } else {
            instances.remove(instanceId);
        }
    }
}
