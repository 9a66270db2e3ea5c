package dev.kumo.agent.instances;

import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.disks.QemuImg;
import dev.kumo.agent.images.ImageData;
import dev.kumo.agent.images.Images;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.SnapshotInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.jboss.logging.Logger;

/**
 * Snapshots an instance's root disk into the image the gateway created for it. A QEMU guest's disk (a qcow2 overlay
 * on its image) is flattened into one qcow2 file and uploaded; a guest that runs is saved to the host's disk for
 * the copy (libvirt's managed save) and resumed right after it, so the snapshot is consistent without the guest's
 * help. Test-driver domains have no disk: their snapshot is a copy of the image they were built from, streamed
 * through the agent. A failed snapshot deletes the unfinished image, so no queued image is left behind.
 */
final class Snapshots {

    private static final Logger LOG = Logger.getLogger(Snapshots.class);

    private final Images images;
    private final Optional<ImageData> imageData;
    private final QemuImg qemuImg = new QemuImg();
    private final LifecycleLog lifecycle;
    private final BiPredicate<String, UUID> destroyedHere;
    private final ActionOutcomes outcomes;

    Snapshots(Images images, Optional<ImageData> imageData, LifecycleLog lifecycle, BiPredicate<String, UUID> destroyedHere,
            ActionOutcomes outcomes) {
        this.images = images;
        this.imageData = imageData;
        this.lifecycle = lifecycle;
        this.destroyedHere = destroyedHere;
        this.outcomes = outcomes;
    }

    InstanceOperated snapshot(Host host, SnapshotInstance command) {
        return outcomes.once(command.instanceId(), PowerOperation.SNAPSHOT, command.requestId(),
                () -> apply(host, command));
    }

    private InstanceOperated apply(Host host, SnapshotInstance command) {
        UUID id = command.instanceId();
        InstanceState state = host.hypervisor().state(id);
        if (destroyedHere.test(host.name(), id) || state == InstanceState.ABSENT) {
            images.deleteQuietly(command.imageId());
            return answer(host, command, state, "Instance " + id + " is not on host " + host.name() + ".");
        }
        try {
            Optional<Path> disk = host.hypervisor().rootDisk(id);
            if (disk.isPresent()) {
                uploadDisk(host, id, disk.get(), command.imageId());
            } else {
                images.copyData(command.baseImageRef(), command.imageId());
            }
            lifecycle.record(host, id, (command.isBackup() ? "backed up into image " : "snapshotted into image ")
                    + command.imageId());
            if (command.isBackup()) {
                rotate(command);
            }
            LOG.infof("instance %s on host %s snapshotted into image %s", id, host.name(), command.imageId());
            return answer(host, command, host.hypervisor().state(id), null);
        } catch (RuntimeException e) {
            LOG.warnf("host %s could not snapshot instance %s: %s", host.name(), id, e.getMessage());
            images.deleteQuietly(command.imageId());
            return answer(host, command, host.hypervisor().state(id),
                    "Host " + host.name() + " could not snapshot the instance: " + e.getMessage());
        }
    }

    private void uploadDisk(Host host, UUID id, Path disk, String imageId) {
        ImageData data = imageData.orElseThrow(() -> new IllegalStateException("no image service to upload to"));
        Path flat = disk.resolveSibling("snapshot-" + imageId + ".qcow2");
        try {
            flattenConsistently(host, id, disk, flat);
            data.upload(imageId, flat, "qcow2");
        } finally {
            flat.toFile().delete();
        }
    }

    /** Flattens the disk while the guest cannot write to it: a running or paused guest is saved, then resumed. */
    private void flattenConsistently(Host host, UUID id, Path disk, Path flat) {
        InstanceState before = host.hypervisor().state(id);
        boolean live = before == InstanceState.RUNNING || before == InstanceState.PAUSED;
        if (live) {
            host.hypervisor().suspend(id);
        }
        try {
            qemuImg.flatten(disk, flat);
        } finally {
            if (live) {
                host.hypervisor().start(id);
                if (before == InstanceState.PAUSED) {
                    host.hypervisor().pause(id);
                }
            }
        }
    }

    /** Keeps only the newest {@code rotation} backups of the type; failing to delete one only logs. */
    private void rotate(SnapshotInstance backup) {
        try {
            List<String> newestFirst = images.backupsNewestFirst(backup.instanceId(), backup.backupType());
            for (String old : newestFirst.subList(Math.min(backup.rotation(), newestFirst.size()), newestFirst.size())) {
                LOG.infof("instance %s: rotating out %s backup %s", backup.instanceId(), backup.backupType(), old);
                images.deleteQuietly(old);
            }
        } catch (RuntimeException e) {
            LOG.warnf("instance %s: cannot rotate its %s backups: %s", backup.instanceId(), backup.backupType(),
                    e.getMessage());
        }
    }

    private static InstanceOperated answer(Host host, SnapshotInstance command, InstanceState state, String fault) {
        return new InstanceOperated(command.instanceId(), host.name(), PowerOperation.SNAPSHOT,
                InstancePower.powerStateOf(state), command.requestId(), fault);
    }
}
