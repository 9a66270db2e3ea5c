package dev.kumo.agent.hypervisor;

import dev.kumo.agent.configdrive.ConfigDrive;
import dev.kumo.agent.configdrive.ConfigDriveContent;
import dev.kumo.agent.disks.DiskException;
import dev.kumo.agent.disks.DiskFormat;
import dev.kumo.agent.disks.QemuImg;
import dev.kumo.agent.hypervisor.QemuGuest.DirectBoot;
import dev.kumo.agent.hypervisor.QemuGuest.Disk;
import dev.kumo.agent.images.ImageCache;
import dev.kumo.agent.images.ImageFacts;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.GuestNic;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files a QEMU guest runs from, in its instance directory: {@code disk}, a qcow2 overlay on the cached image
 * grown to the flavor's root disk; {@code disk.config}, its config drive; {@code guest.properties}, which cached
 * images it uses (its image, and the kernel and ramdisk it boots when the image names them). The record is written
 * last, so an instance whose preparation was cut short is prepared again from the start.
 */
final class QemuGuestFiles {

    static final String DISK = "disk";
    static final String CONFIG_DRIVE = "disk.config";
    private static final String RECORD = "guest.properties";
    private static final long GIB = 1L << 30;
    /** What Nova gives a kernel an image names, unless the image says otherwise. */
    static final String IMAGE_KERNEL_CMDLINE = "root=/dev/vda console=tty0 console=ttyS0";

    private final InstanceDirectories instances;
    private final ImageCache cache;
    private final QemuImg qemuImg;
    private final ConfigDrive configDrive;
    private final Map<String, Integer> pinned = new HashMap<>();
    private Disk.Cache diskCache;

    QemuGuestFiles(InstanceDirectories instances, ImageCache cache, QemuImg qemuImg, ConfigDrive configDrive) {
        this.instances = instances;
        this.cache = cache;
        this.qemuImg = qemuImg;
        this.configDrive = configDrive;
    }

    /**
     * Makes the instance's disk and config drive from its image, unless they exist; an existing disk is grown to
     * the spec's root disk (a resize).
     *
     * @throws DiskException, ImageServiceException or ConfigDriveException with what went wrong
     */
    void prepare(InstanceSpec spec) {
        instances.create(spec.instanceId());
        Path directory = instances.of(spec.instanceId());
        if (spec.imageRef() == null || spec.imageRef().isBlank()) {
            if (!spec.guest().equals(GuestConfig.NONE) && !Files.exists(directory.resolve(CONFIG_DRIVE))) {
                configDrive.write(configDriveContent(spec), directory.resolve(CONFIG_DRIVE)); // a diskless guest
            }
            return;
        }
        if (Files.exists(directory.resolve(RECORD))) {
            growDisk(directory.resolve(DISK), spec);
            return;
        }
        ImageFacts image = cache.describe(spec.imageRef());
        List<String> used = new ArrayList<>(List.of(image.id()));
        image.kernelId().ifPresent(used::add);
        image.ramdiskId().ifPresent(used::add);
        pin(used);
        try {
            Path base = cache.fetch(image);
            Optional<Path> kernel = image.kernelId().map(id -> cache.fetch(cache.describe(id)));
            image.ramdiskId().ifPresent(id -> cache.fetch(cache.describe(id)));
            DiskFormat format = DiskFormat.ofGlance(image.diskFormat());
            createDisk(base, format, directory.resolve(DISK), spec);
            configDrive.write(configDriveContent(spec), directory.resolve(CONFIG_DRIVE));
            writeRecord(directory, image, kernel.isPresent());
        } finally {
            unpin(used);
        }
        cache.evictUnused(imagesInUse()); // what has been unused long enough goes at the next spawn or delete
    }

    /** The guest as the instance's files make it: its root disk, config drive and boot, where it has them. */
    QemuGuest guest(DomainType type, InstanceSpec spec, Optional<DirectBoot> configuredBoot) {
        Path directory = instances.of(spec.instanceId());
        QemuGuest guest = QemuGuest.of(type, spec, instances.consoleLog(spec.instanceId()));
        Properties record = readRecord(directory);
        if (record.isEmpty()) {
            if (Files.exists(directory.resolve(CONFIG_DRIVE))) {
                guest = guest.withConfigDrive(directory.resolve(CONFIG_DRIVE));
            }
            return configuredBoot.map(guest::withDirectBoot).orElse(guest);
        }
        guest = guest.withRootDisk(new Disk(directory.resolve(DISK), Disk.Format.QCOW2, diskCache(directory)))
                .withConfigDrive(directory.resolve(CONFIG_DRIVE));
        String kernel = record.getProperty("kernel");
        if (kernel != null) {
            Optional<Path> ramdisk = Optional.ofNullable(record.getProperty("ramdisk")).map(cache::path);
            guest = guest.withDirectBoot(new DirectBoot(cache.path(kernel), ramdisk, IMAGE_KERNEL_CMDLINE));
        }
        return guest;
    }

    /** The instance's root disk, if it has one. */
    Optional<Path> rootDisk(UUID instanceId) {
        Path disk = instances.of(instanceId).resolve(DISK);
        return Files.exists(disk) ? Optional.of(disk) : Optional.empty();
    }

    /** Removes the instance's files, then the cached images no instance uses any longer. */
    void release(UUID instanceId) {
        instances.remove(instanceId);
        cache.evictUnused(imagesInUse());
    }

    /** The cached images the instances here use, and those being prepared. */
    synchronized Set<String> imagesInUse() {
        Set<String> inUse = new HashSet<>(pinned.keySet());
        try (Stream<Path> directories = Files.list(instances.root())) {
            directories.forEach(directory -> {
                Properties record = readRecord(directory);
                for (String key : List.of("image", "kernel", "ramdisk")) {
                    Optional.ofNullable(record.getProperty(key)).ifPresent(inUse::add);
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return inUse;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + instances.root(), e);
        }
        return inUse;
    }

    private synchronized void pin(List<String> imageIds) {
        imageIds.forEach(id -> pinned.merge(id, 1, Integer::sum));
    }

    private synchronized void unpin(List<String> imageIds) {
        imageIds.forEach(id -> pinned.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1));
    }

    private void createDisk(Path base, DiskFormat format, Path disk, InstanceSpec spec) {
        long flavorBytes = spec.resources().diskGb() * GIB;
        long imageBytes = qemuImg.info(base, format).virtualSize();
        if (flavorBytes > 0 && flavorBytes < imageBytes) {
            throw new DiskException("Flavor's disk is too small for requested image: the flavor has "
                    + spec.resources().diskGb() + " GiB, the image " + imageBytes + " bytes.", null);
        }
        qemuImg.createOverlay(base, format, disk, flavorBytes);
    }

    private void growDisk(Path disk, InstanceSpec spec) {
        if (Files.exists(disk) && spec.resources().diskGb() > 0) {
            qemuImg.grow(disk, spec.resources().diskGb() * GIB);
        }
    }

    private static ConfigDriveContent configDriveContent(InstanceSpec spec) {
        GuestConfig guest = spec.guest();
        List<ConfigDriveContent.PublicKey> keys = guest.publicKey() == null ? List.of()
                : List.of(ConfigDriveContent.PublicKey.ssh(
                        guest.keyName() == null ? "key" : guest.keyName(), guest.publicKey()));
        Optional<byte[]> userData = Optional.ofNullable(guest.userData()).filter(data -> !data.isBlank())
                .map(data -> Base64.getMimeDecoder().decode(data));
        String hostname = guest.hostname() != null ? guest.hostname() : spec.domainName();
        return new ConfigDriveContent(spec.instanceId(), spec.name(), hostname,
                guest.projectId() == null ? "" : guest.projectId(),
                guest.availabilityZone() == null ? "nova" : guest.availabilityZone(), guest.launchIndex(), keys,
                guest.metadata(), userData, guest.nics().stream().map(QemuGuestFiles::configDriveNic).toList(),
                guest.nics().stream().flatMap(nic -> nic.fixedIps().stream())
                        .flatMap(ip -> ip.dnsServers().stream()).distinct().toList());
    }

    /**
     * A nic as network_data.json tells it: DHCP when its first IPv4 subnet has DHCP (or it has no address), else that
     * address, its prefix and the subnet's gateway, to be configured statically.
     */
    static ConfigDriveContent.Nic configDriveNic(GuestNic nic) {
        Optional<GuestNic.FixedIp> first = nic.fixedIps().stream().filter(ip -> !ip.address().contains(":"))
                .findFirst().or(() -> nic.fixedIps().stream().findFirst());
        Optional<ConfigDriveContent.FixedIp> fixed = first.filter(ip -> !ip.dhcpEnabled())
                .map(ip -> new ConfigDriveContent.FixedIp(ip.address(), prefixOf(ip.cidr()),
                        Optional.ofNullable(ip.gateway())));
        return new ConfigDriveContent.Nic(nic.portId(), nic.networkId(), nic.macAddress(),
                nic.mtu() == null ? OptionalInt.empty() : OptionalInt.of(nic.mtu()), fixed);
    }

    private static int prefixOf(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a fixed IP's cidr must be address/prefix, got " + cidr);
        }
        return Integer.parseInt(cidr.substring(slash + 1));
    }

    private static void writeRecord(Path directory, ImageFacts image, boolean bootsImageKernel) {
        Properties record = new Properties();
        record.setProperty("image", image.id());
        record.setProperty("disk_format", image.diskFormat() == null ? "raw" : image.diskFormat());
        if (bootsImageKernel) {
            record.setProperty("kernel", image.kernelId().orElseThrow());
            image.ramdiskId().ifPresent(id -> record.setProperty("ramdisk", id));
        }
        Path temporary = directory.resolve(RECORD + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary)) {
            record.store(out, "the cached images this instance uses");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temporary, e);
        }
        try {
            Files.move(temporary, directory.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of " + directory, e);
        }
    }

    private static Properties readRecord(Path directory) {
        Properties record = new Properties();
        Path file = directory.resolve(RECORD);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                record.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return record;
    }

    /**
     * {@code none} (O_DIRECT, as Nova uses) where the file system takes O_DIRECT, else {@code writeback} (tmpfs
     * and some overlay file systems refuse it, and QEMU would then fail to open the disk).
     */
    private synchronized Disk.Cache diskCache(Path directory) {
        if (diskCache == null) {
            Path probe = directory.resolve(".o_direct_probe");
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE, com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
                diskCache = Disk.Cache.NONE;
            } catch (IOException | UnsupportedOperationException e) {
                diskCache = Disk.Cache.WRITEBACK;
            }
        }
        return diskCache;
    }
}
