package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.PowerOperation;
import dev.kumo.contracts.host.ResizeInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.ResizeConfirmed;
import dev.kumo.contracts.instance.ResizeRequested;
import dev.kumo.contracts.instance.ResizeReverted;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.hosts.HostLiveness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Resizes on the instance's own host, as a one-host cloud or Nova's allow_resize_to_same_host does (moving an
 * instance to another host is a migration). The new flavor is claimed on the host like any claim; until the tenant
 * confirms or reverts, the old flavor's resources stay held by the migration, so a revert always fits.
 */
@ApplicationScoped
public class Resizes {

    private static final Logger LOG = Logger.getLogger(Resizes.class);

    private final Claims claims;
    private final HostLiveness liveness;
    private final Outbox outbox;

    public Resizes(Claims claims, HostLiveness liveness, Outbox outbox) {
        this.claims = claims;
        this.liveness = liveness;
        this.outbox = outbox;
    }

    /** Claims the new flavor and tells the host; answers with the reason when it does not fit. */
    public void resize(ResizeRequested request) {
        if (Allocation.findByIdOptional(request.migrationId()).isPresent()) {
            return; // redelivered: claimed and sent before
        }
        Allocation allocation = Allocation.forInstance(request.instanceId())
                .filter(found -> found.state == Allocation.State.CLAIMED)
                .orElse(null);
        if (allocation == null) {
            refuse(request, "The instance holds no resources on a host, so it cannot be resized.");
            return;
        }
        Resources wanted = request.newResources();
        if (!claims.take(allocation.host, wanted, liveness.aliveSince())) {
            refuse(request, String.format("No valid host was found for the resize: host %s is down or does not have"
                    + " %d vCPU, %d MiB RAM and %d GiB disk free besides what the instance holds.", allocation.host,
                    wanted.vcpus(), wanted.memoryMb(), wanted.diskGb()));
            return;
        }
        holdForMigration(allocation, request);
        allocation.vcpus = wanted.vcpus();
        allocation.memoryMb = wanted.memoryMb();
        allocation.diskGb = wanted.diskGb();
        LOG.infof("instance %s: resize to %s claimed on %s (migration %s)", request.instanceId(), wanted,
                allocation.host, request.migrationId());
        outbox.publish(new ResizeInstance(allocation.host, request.instanceId(), request.name(), wanted,
                request.imageRef(), PowerOperation.RESIZE, request.requestId()));
    }

    /** The new flavor stays: what the migration held of the old one goes back to the host. */
    public void confirm(ResizeConfirmed confirmed) {
        Allocation.<Allocation>findByIdOptional(confirmed.migrationId())
                .filter(held -> confirmed.instanceId().equals(held.migrationOf))
                .ifPresent(held -> {
                    claims.release(held);
                    LOG.infof("instance %s: resize confirmed, migration %s released", confirmed.instanceId(),
                            confirmed.migrationId());
                });
    }

    /** The old flavor comes back: the new claim goes, the migration's becomes the instance's again. */
    public void revert(ResizeReverted reverted) {
        Allocation held = Allocation.<Allocation>findByIdOptional(reverted.migrationId())
                .filter(found -> reverted.instanceId().equals(found.migrationOf))
                .orElse(null);
        Allocation allocation = Allocation.forInstance(reverted.instanceId()).orElse(null);
        if (held == null || allocation == null) {
            return; // reverted before, never claimed, or the instance is gone with both
        }
        claims.giveBack(allocation.host, allocation.resources());
        allocation.vcpus = held.vcpus;
        allocation.memoryMb = held.memoryMb;
        allocation.diskGb = held.diskGb;
        held.delete();
        LOG.infof("instance %s: resize reverted to %s on %s", reverted.instanceId(), allocation.resources(),
                allocation.host);
        outbox.publish(new ResizeInstance(allocation.host, reverted.instanceId(), reverted.name(),
                reverted.oldResources(), reverted.imageRef(), PowerOperation.REVERT_RESIZE, reverted.requestId()));
    }

    private static void holdForMigration(Allocation allocation, ResizeRequested request) {
        Allocation held = new Allocation();
        held.instanceId = request.migrationId();
        held.migrationOf = request.instanceId();
        held.host = allocation.host;
        held.projectId = allocation.projectId;
        held.vcpus = allocation.vcpus;
        held.memoryMb = allocation.memoryMb;
        held.diskGb = allocation.diskGb;
        held.state = Allocation.State.CLAIMED;
        held.createdAt = Instant.now();
        held.persist();
    }

    private void refuse(ResizeRequested request, String reason) {
        LOG.warnf("instance %s: %s", request.instanceId(), reason);
        outbox.publish(new InstanceOperated(request.instanceId(), request.host(), PowerOperation.RESIZE, null,
                request.requestId(), reason));
    }
}
