package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.agent.configdrive.ConfigDrive;
import dev.kumo.agent.configdrive.ConfigDriveContent;
import dev.kumo.agent.disks.DiskException;
import dev.kumo.agent.disks.DiskFormat;
import dev.kumo.agent.disks.QemuImg;
import dev.kumo.agent.images.ImageCache;
import dev.kumo.agent.images.ImageData;
import dev.kumo.agent.images.ImageFacts;
import dev.kumo.agent.images.ImageServiceException;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.GuestNic;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QEMU guest's files made with the real qemu-img and genisoimage, from images served in memory. */
class QemuGuestFilesTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private final Images images = new Images();
    private final QemuImg qemuImg = new QemuImg();
    private ImageCache cache;
    private QemuGuestFiles files;

    @BeforeEach
    void setUp() {
        cache = new ImageCache(dir.resolve("cache"), images, qemuImg, Clock.systemUTC(), Duration.ZERO);
        files = new QemuGuestFiles(new InstanceDirectories(dir.resolve("instances")), cache, qemuImg,
                new ConfigDrive());
    }

    @Test
    void anInstanceBootsFromAnOverlayOnTheCachedImageGrownToItsFlavorWithItsKernelAndConfigDrive() throws IOException {
        images.add("kernel-1", "aki", new byte[] {7, 7, 7}, Optional.empty(), Optional.empty());
        images.add("ramdisk-1", "ari", new byte[] {8}, Optional.empty(), Optional.empty());
        images.add("image-1", "raw", new byte[1 << 20], Optional.of("kernel-1"), Optional.of("ramdisk-1"));
        InstanceSpec spec = spec("image-1", 1);

        files.prepare(spec);

        Path disk = files.rootDisk(spec.instanceId()).orElseThrow();
        QemuImg.DiskInfo info = qemuImg.info(disk, DiskFormat.QCOW2);
        assertEquals(cache.path("image-1").toString(), info.backingFile());
        assertEquals(GIB, info.virtualSize(), "grown to the flavor's 1 GiB root disk");
        QemuGuest guest = files.guest(DomainType.QEMU, spec, Optional.empty());
        assertEquals(disk.toAbsolutePath(), guest.rootDisk().orElseThrow().file());
        assertTrue(Files.size(guest.configDrive().orElseThrow()) > 0);
        assertEquals(cache.path("kernel-1"), guest.directBoot().orElseThrow().kernel());
        assertEquals(Optional.of(cache.path("ramdisk-1")), guest.directBoot().orElseThrow().initrd());
        assertEquals(Set.of("image-1", "kernel-1", "ramdisk-1"), files.imagesInUse());
    }

    @Test
    void aSecondInstanceOfTheImageUsesTheCacheAndTheLastOneGoneTakesTheCacheEntriesWithIt() {
        images.add("image-2", "raw", new byte[4096], Optional.empty(), Optional.empty());
        InstanceSpec first = spec("image-2", 1);
        InstanceSpec second = spec("image-2", 1);
        files.prepare(first);
        files.prepare(second);
        assertEquals(1, images.downloads, "downloaded once");

        files.release(first.instanceId());
        assertTrue(cache.contains("image-2"), "still used by the second instance");

        files.release(second.instanceId());
        assertFalse(cache.contains("image-2"));
        assertFalse(Files.exists(dir.resolve("instances").resolve(second.instanceId().toString())));
    }

    @Test
    void aResizeGrowsTheExistingDiskAndKeepsItsData() {
        images.add("image-3", "raw", new byte[4096], Optional.empty(), Optional.empty());
        InstanceSpec small = spec("image-3", 1);
        files.prepare(small);

        files.prepare(new InstanceSpec(small.instanceId(), "web", new Resources(1, 128, 2), "image-3"));

        assertEquals(2 * GIB, qemuImg.info(files.rootDisk(small.instanceId()).orElseThrow(), DiskFormat.QCOW2)
                .virtualSize());
        assertEquals(1, images.downloads);
    }

    @Test
    void aFlavorDiskSmallerThanTheImageIsRefusedAndLeavesNoDisk() throws Exception {
        Path big = dir.resolve("big.qcow2");
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", big.toString(), "3G").inheritIO().start()
                .waitFor();
        images.add("image-4", "qcow2", Files.readAllBytes(big), Optional.empty(), Optional.empty());
        InstanceSpec spec = spec("image-4", 1);

        DiskException refused = assertThrows(DiskException.class, () -> files.prepare(spec));

        assertTrue(refused.getMessage().contains("Flavor's disk is too small"), refused.getMessage());
        assertEquals(Optional.empty(), files.rootDisk(spec.instanceId()));
    }

    @Test
    void anImageTheServiceRefusesFailsThePreparation() {
        assertThrows(ImageServiceException.class, () -> files.prepare(spec("no-such-image", 1)));
        assertEquals(Set.of(), files.imagesInUse(), "nothing pinned after a failure");
    }

    @Test
    void aDisklessInstanceWithSomethingToTellItsGuestGetsAConfigDriveToo() {
        InstanceSpec told = new InstanceSpec(UUID.randomUUID(), "diskless", new Resources(1, 128, 0), null,
                new GuestConfig("acme", "d-1", "nova", 0, null, null, null, Map.of("kumo_ping", "10.0.0.12")));
        InstanceSpec silent = new InstanceSpec(UUID.randomUUID(), "silent", new Resources(1, 128, 0), null);

        files.prepare(told);
        files.prepare(silent);

        assertTrue(files.guest(DomainType.QEMU, told, Optional.empty()).configDrive().isPresent());
        assertFalse(files.guest(DomainType.QEMU, silent, Optional.empty()).configDrive().isPresent());
        assertFalse(files.guest(DomainType.QEMU, told, Optional.empty()).rootDisk().isPresent());
    }

    @Test
    void aNicOnADhcpSubnetAsksDhcpAndOneWithoutIsConfiguredStatically() {
        GuestNic dhcp = new GuestNic("port-1", "net-1", null, "fa:16:3e:00:00:01", 1450, List.of(
                new GuestNic.FixedIp("s", "10.0.0.5", "10.0.0.0/24", "10.0.0.1", List.of(), true, null)), List.of());
        GuestNic fixed = new GuestNic("port-2", "net-2", null, "fa:16:3e:00:00:02", null, List.of(
                new GuestNic.FixedIp("s", "10.1.0.5", "10.1.0.0/16", "10.1.0.1", List.of(), false, null)), List.of());

        ConfigDriveContent.Nic asked = QemuGuestFiles.configDriveNic(dhcp);
        ConfigDriveContent.Nic statically = QemuGuestFiles.configDriveNic(fixed);

        assertEquals(new ConfigDriveContent.Nic("port-1", "net-1", "fa:16:3e:00:00:01", OptionalInt.of(1450),
                Optional.empty()), asked);
        assertEquals(new ConfigDriveContent.FixedIp("10.1.0.5", 16, Optional.of("10.1.0.1")),
                statically.fixedIp().orElseThrow());
        assertEquals(OptionalInt.empty(), statically.mtu());
    }

    private static InstanceSpec spec(String imageId, long diskGb) {
        return new InstanceSpec(UUID.randomUUID(), "web", new Resources(1, 128, diskGb), imageId,
                new GuestConfig("acme", "web", "nova", 0, "k", "ssh-ed25519 AAAA k", "aGVsbG8=", Map.of("a", "b")));
    }

    private static final class Images implements ImageData {

        private final Map<String, byte[]> data = new HashMap<>();
        private final Map<String, ImageFacts> facts = new HashMap<>();
        int downloads;

        void add(String id, String format, byte[] bytes, Optional<String> kernel, Optional<String> ramdisk) {
            data.put(id, bytes);
            facts.put(id, new ImageFacts(id, "active", format, bytes.length, null, "sha512", sha512(bytes), kernel,
                    ramdisk));
        }

        @Override
        public ImageFacts describe(String imageId) {
            return Optional.ofNullable(facts.get(imageId))
                    .orElseThrow(() -> new ImageServiceException("the image service refused (404)"));
        }

        @Override
        public void download(String imageId, OutputStream out) {
            if (imageId.startsWith("image")) {
                downloads++;
            }
            try {
                out.write(data.get(imageId));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void upload(String imageId, Path file, String diskFormat) {
            throw new UnsupportedOperationException();
        }

        private static String sha512(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
