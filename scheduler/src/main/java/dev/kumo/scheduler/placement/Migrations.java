package dev.kumo.scheduler.placement;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.MigrateInstance;
import dev.kumo.contracts.host.MigrationKind;
import dev.kumo.contracts.instance.InstanceMigrated;
import dev.kumo.contracts.instance.MigrateRequested;
import dev.kumo.contracts.instance.MigrationConfirmed;
import dev.kumo.contracts.instance.MigrationReverted;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.platform.messaging.Outbox;
import dev.kumo.scheduler.hosts.Host;
import dev.kumo.scheduler.hosts.HostLiveness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Moves instances between hosts: cold and live migrations and their outcomes. The target is chosen by the normal
 * filters (never the source) and claimed under the migration's uuid while the instance's own allocation stays on the
 * source, so both hosts hold the instance until the move is settled:
 * <ul>
 * <li>live: when the agent reports the domain on the target, the source is released and the target's claim
 * becomes the instance's; a failed move releases the target;</li>
 * <li>cold: when the agent reports the domain on the target, the two allocations swap hosts (the instance's is on
 * the target, the migration keeps the source) until a confirm releases the source, or a revert moves the domain
 * back and releases the target.</li>
 * </ul>
 * Settling is idempotent and is applied by whichever comes first, the agent's report (group
 * {@code scheduler-outcomes}) or the tenant's confirm or revert (group {@code scheduler}), so their order does not
 * matter.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    private final Claims claims;
    private final HostLiveness liveness;
    private final Outbox outbox;
    private final int candidates;

    public Migrations(Claims claims, HostLiveness liveness, Outbox outbox,
            @ConfigProperty(name = "kumo.scheduler.candidates") int candidates) {
        this.claims = claims;
        this.liveness = liveness;
        this.outbox = outbox;
        this.candidates = candidates;
    }

    /** Claims a target for the move and tells the source host; answers with the reason when nothing fits. */
    public void migrate(MigrateRequested request) {
        if (Allocation.findByIdOptional(request.migrationId()).isPresent()) {
            return; // redelivered: claimed and sent before
        }
        Allocation allocation = Allocation.forInstance(request.instanceId())
                .filter(found -> found.state == Allocation.State.CLAIMED)
                .orElse(null);
        if (allocation == null || !allocation.host.equals(request.sourceHost())) {
            refuse(request, "The instance holds no resources on host " + request.sourceHost()
                    + ", so it cannot be migrated.");
            return;
        }
        if (request.targetHost() != null && request.targetHost().equals(allocation.host)) {
            refuse(request, "The target host " + request.targetHost() + " is the instance's own host.");
            return;
        }
        Optional<String> target = claimTarget(request, allocation);
        if (target.isEmpty()) {
            refuse(request, explain(request, allocation));
            return;
        }
        Allocation held = Allocation.<Allocation>findById(request.migrationId());
        held.migrationOf = request.instanceId();
        LOG.infof("instance %s: %s migration %s from %s to %s claimed", request.instanceId(),
                request.live() ? "live" : "cold", request.migrationId(), allocation.host, target.get());
        outbox.publish(new MigrateInstance(allocation.host, request.instanceId(), request.migrationId(),
                request.name(), request.resources(), request.imageRef(), target.get(), libvirtUri(target.get()),
                request.live() ? MigrationKind.LIVE : MigrationKind.COLD, false, request.requestId()));
    }

    /** The tenant keeps the cold migration: the source's resources go back to it. */
    public void confirm(MigrationConfirmed confirmed) {
        settleCold(confirmed.instanceId(), confirmed.migrationId(), confirmed.targetHost());
        Allocation.<Allocation>findByIdOptional(confirmed.migrationId(), LockModeType.PESSIMISTIC_WRITE)
                .filter(held -> confirmed.instanceId().equals(held.migrationOf))
                .filter(held -> held.host.equals(confirmed.sourceHost()))
                .ifPresent(held -> {
                    claims.release(held);
                    LOG.infof("instance %s: migration %s confirmed, %s released", confirmed.instanceId(),
                            confirmed.migrationId(), confirmed.sourceHost());
                });
    }

    /** The cold migration goes back: the target's agent moves the domain to the source, which is still held. */
    public void revert(MigrationReverted reverted) {
        settleCold(reverted.instanceId(), reverted.migrationId(), reverted.targetHost());
        boolean held = Allocation.<Allocation>findByIdOptional(reverted.migrationId())
                .filter(found -> found.host.equals(reverted.sourceHost()))
                .isPresent();
        if (!held) {
            return; // reverted before, or the instance is gone with both
        }
        outbox.publish(new MigrateInstance(reverted.targetHost(), reverted.instanceId(), reverted.migrationId(),
                reverted.name(), reverted.resources(), reverted.imageRef(), reverted.sourceHost(),
                libvirtUri(reverted.sourceHost()), MigrationKind.REVERT, false, reverted.requestId()));
    }

    /** An agent's report of a move: the allocations follow the domain. */
    public void moved(InstanceMigrated event) {
        if (event.targetHost() == null) {
            return; // the scheduler's own refusal: nothing was claimed
        }
        if (!event.succeeded()) {
            if (event.kind() != MigrationKind.REVERT) {
                releaseTarget(event);
            }
            return; // a failed revert keeps both: the instance's delete releases them
        }
        switch (event.kind()) {
            case LIVE -> settleLive(event.instanceId(), event.migrationId(), event.targetHost());
            case COLD -> settleCold(event.instanceId(), event.migrationId(), event.targetHost());
            case REVERT -> settleRevert(event.instanceId(), event.migrationId(), event.targetHost());
        }
    }

    private Optional<String> claimTarget(MigrateRequested request, Allocation allocation) {
        Instant aliveSince = liveness.aliveSince();
        PlacementHints hints = request.placementHints();
        if (hints.hasGroup()) {
            claims.lockGroup(hints.groupId());
        }
        String target = request.targetHost();
        if (target != null && request.force()) {
            return claim(target, request, allocation, aliveSince) ? Optional.of(target) : Optional.empty();
        }
        if (target != null && !Host.<Host>findByIdOptional(target).map(host -> host.enabled).orElse(false)) {
            return Optional.empty();
        }
        // a given host is checked by every filter (the host filter names it); the zone is the instance's own
        PlacementHints filtered = new PlacementHints(hints.groupId(), hints.groupPolicy(), target,
                hints.availabilityZone());
        for (String host : claims.candidates(request.resources(), filtered, aliveSince, candidates + 1)) {
            if (!host.equals(allocation.host) && claim(host, request, allocation, aliveSince)) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    private boolean claim(String host, MigrateRequested request, Allocation allocation, Instant aliveSince) {
        return claims.claim(host, request.migrationId(), allocation.projectId, request.resources(),
                allocation.serverGroupId, aliveSince);
    }

    private String explain(MigrateRequested request, Allocation allocation) {
        if (request.targetHost() != null) {
            return "No valid host was found: host " + request.targetHost() + " is unknown, down, disabled, in"
                    + " maintenance, refused by the server group's policy or lacks " + describe(request.resources())
                    + ".";
        }
        PlacementHints hints = request.placementHints();
        return claims.explainNoValidHost(request.resources(), hints, liveness.aliveSince())
                .replaceFirst("\\.$", "") + "; the instance's own host " + allocation.host + " is not a target.";
    }

    private static String describe(Resources resources) {
        return resources.vcpus() + " vCPU, " + resources.memoryMb() + " MiB RAM and " + resources.diskGb()
                + " GiB disk free";
    }

    /** After a cold move: the instance's allocation is on the target, the migration's keeps the source. */
    private void settleCold(UUID instanceId, UUID migrationId, String target) {
        Allocation allocation = Allocation.forInstance(instanceId).orElse(null);
        Allocation held = heldBy(migrationId, instanceId);
        if (allocation != null && held != null && !allocation.host.equals(target) && held.host.equals(target)) {
            held.host = allocation.host;
            allocation.host = target;
            LOG.infof("instance %s: now on %s, %s held by migration %s until confirmed", instanceId, target,
                    held.host, migrationId);
        }
    }

    /** After a live move: the target's claim becomes the instance's, the source is released. */
    private void settleLive(UUID instanceId, UUID migrationId, String target) {
        Allocation allocation = Allocation.forInstance(instanceId).orElse(null);
        Allocation held = heldBy(migrationId, instanceId);
        if (allocation != null && held != null && !allocation.host.equals(target) && held.host.equals(target)) {
            claims.giveBack(allocation.host, allocation.resources());
            LOG.infof("instance %s: live-migrated from %s to %s", instanceId, allocation.host, target);
            allocation.host = target;
            held.delete();
        }
    }

    /** After a revert: the instance is back on the host the migration held; the target is released. */
    private void settleRevert(UUID instanceId, UUID migrationId, String backOn) {
        Allocation allocation = Allocation.forInstance(instanceId).orElse(null);
        Allocation held = heldBy(migrationId, instanceId);
        if (allocation != null && held != null && held.host.equals(backOn)) {
            claims.giveBack(allocation.host, allocation.resources());
            LOG.infof("instance %s: migration reverted from %s to %s", instanceId, allocation.host, backOn);
            allocation.host = backOn;
            held.delete();
        }
    }

    private void releaseTarget(InstanceMigrated event) {
        Allocation held = heldBy(event.migrationId(), event.instanceId());
        if (held != null && held.host.equals(event.targetHost())) {
            claims.release(held);
            LOG.infof("instance %s: migration %s to %s failed, target released", event.instanceId(),
                    event.migrationId(), event.targetHost());
        }
    }

    private static Allocation heldBy(UUID migrationId, UUID instanceId) {
        return Allocation.<Allocation>findByIdOptional(migrationId, LockModeType.PESSIMISTIC_WRITE)
                .filter(found -> instanceId.equals(found.migrationOf))
                .orElse(null);
    }

    private static String libvirtUri(String host) {
        return Host.<Host>findByIdOptional(host).map(found -> found.libvirtUri).orElse(null);
    }

    private void refuse(MigrateRequested request, String reason) {
        LOG.warnf("instance %s: migration refused: %s", request.instanceId(), reason);
        outbox.publish(new InstanceMigrated(request.instanceId(), request.migrationId(),
                request.live() ? MigrationKind.LIVE : MigrationKind.COLD, request.sourceHost(), null, null,
                request.requestId(), reason));
    }
}
