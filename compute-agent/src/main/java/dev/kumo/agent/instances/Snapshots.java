package dev.kumo.agent.instances;

import dev.kumo.agent.hosts.Host;
import dev.kumo.agent.hypervisor.InstanceState;
import dev.kumo.agent.images.Images;
import dev.kumo.agent.power.InstancePower;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.SnapshotInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Snapshots an instance's root disk into the image the gateway created for it. Domains here have no disk of their
 * own yet (test-driver domains have none; QEMU guests boot their image's kernel directly), so an instance's disk
 * is its image as it was built from, unchanged: the snapshot is a copy of that image's data, streamed through the
 * agent. A failed snapshot deletes the unfinished image, so no queued image is left behind.
 */
final class Snapshots {

    private static final Logger LOG = Logger.getLogger(Snapshots.class);

    private final Images images;
    private final LifecycleLog lifecycle;
    private final Predicate<UUID> destroyedHere;
    private final ActionOutcomes outcomes;

    Snapshots(Images images, LifecycleLog lifecycle, Predicate<UUID> destroyedHere, ActionOutcomes outcomes) {
        this.images = images;
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
        if (destroyedHere.test(id) || state == InstanceState.ABSENT) {
            images.deleteQuietly(command.imageId());
            return answer(host, command, state, "Instance " + id + " is not on host " + host.name() + ".");
        }
        try {
            images.copyData(command.baseImageRef(), command.imageId());
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
