package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.contracts.host.SnapshotInstance;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.images.Image;
import dev.kumo.gateway.images.ImageCatalog;
import dev.kumo.platform.messaging.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * createImage and createBackup: the image is created (queued) in the image service with the tenant's own token, so it is theirs and
 * counts against their image quota; then the instance's host fills it from the instance's disk. The server shows
 * task_state image_snapshot (image_backup) until the host answers; a failed snapshot leaves no image behind. A backup also keeps
 * only the newest {@code rotation} backups of its type: the host rotates the older ones out once it is uploaded.
 */
@ApplicationScoped
public class Snapshots {

    private static final Set<String> SNAPSHOTTABLE = Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED,
            VmState.SUSPENDED);

    private final ImageCatalog images;
    private final Outbox outbox;
    private final InstanceActions actions;
    private final Duration actionTimeout;

    public Snapshots(ImageCatalog images, Outbox outbox, InstanceActions actions,
            @ConfigProperty(name = "kumo.action.timeout") Duration actionTimeout) {
        this.images = images;
        this.outbox = outbox;
        this.actions = actions;
        this.actionTimeout = actionTimeout;
    }

    /** What createImage (or createBackup, with a backup type and rotation) asks for. */
    public record Request(String name, Map<String, String> metadata, String backupType, Integer rotation) {

        public static Request snapshot(JsonNode body) {
            JsonNode checked = object(body, "createImage", Set.of("name", "metadata"));
            return new Request(name(checked), metadata(checked), null, null);
        }

        public static Request backup(JsonNode body) {
            JsonNode checked = object(body, "createBackup", Set.of("name", "metadata", "backup_type", "rotation"));
            String backupType = Fields.requiredString(checked, "backup_type", 1, 255);
            JsonNode rotation = checked.get("rotation");
            if (rotation == null) {
                throw Fields.invalid("rotation", null, "'rotation' is a required property.");
            }
            return new Request(name(checked), metadata(checked), backupType,
                    Fields.integer("rotation", rotation, 0, Integer.MAX_VALUE));
        }

        boolean isBackup() {
            return rotation != null;
        }

        private static JsonNode object(JsonNode body, String action, Set<String> allowed) {
            if (body == null || !body.isObject()) {
                throw Fields.invalid(action, body, "It must be an object with a 'name'.");
            }
            Fields.onlyKnown(body, allowed);
            return body;
        }

        private static String name(JsonNode body) {
            String name = Fields.requiredString(body, "name", 1, 255);
            if (name.isBlank()) {
                throw Fields.invalid("name", name, "It must not be blank.");
            }
            return name;
        }

        private static Map<String, String> metadata(JsonNode body) {
            JsonNode metadata = body.get("metadata");
            return metadata == null || metadata.isNull() ? Map.of() : Fields.metadata("metadata", metadata);
        }
    }

    /** Starts the snapshot (or backup) and returns the new image's id. */
    public String createImage(UUID id, Request request, Caller caller) {
        String action = request.isBackup() ? "createBackup" : "createImage";
        Instance instance = QuarkusTransaction.requiringNew().call(() -> snapshottable(action,
                Servers.visibleTo(id, caller)));
        Image base = images.find(instance.imageRef, caller.rawToken()).orElse(null);
        String imageId = images.createSnapshot(base != null ? base : unknownBase(instance.imageRef),
                properties(instance, request, caller), caller.rawToken());
        try {
            QuarkusTransaction.requiringNew().run(() -> start(id, imageId, request, caller));
        } catch (RuntimeException e) {
            images.deleteQuietly(imageId, caller.rawToken());
            throw e;
        }
        return imageId;
    }

    private void start(UUID id, String imageId, Request request, Caller caller) {
        String action = request.isBackup() ? "createBackup" : "createImage";
        Instance instance = snapshottable(action, Servers.lockedFor(id, caller));
        Instant now = Instant.now();
        instance.taskState = request.isBackup() ? TaskState.IMAGE_BACKUP : TaskState.IMAGE_SNAPSHOT;
        instance.taskDeadline = now.plus(actionTimeout);
        instance.updatedAt = now;
        String requestId = actions.start(instance.id, action, instance.projectId, caller,
                request.isBackup() ? "compute_backup_instance" : "compute_snapshot_instance").requestId;
        outbox.publish(new SnapshotInstance(instance.host, instance.id, imageId, instance.imageRef, requestId,
                request.backupType(), request.rotation()));
    }

    /** The host's answer: the task ends either way; a failure is on the action, the server stays as it was. */
    @Transactional(Transactional.TxType.MANDATORY)
    void answered(InstanceOperated event) {
        Instant now = Instant.now();
        Instance.forUpdate(event.instanceId())
                .filter(instance -> TaskState.IMAGE_SNAPSHOT.equals(instance.taskState)
                        || TaskState.IMAGE_BACKUP.equals(instance.taskState))
                .ifPresent(instance -> {
                    instance.taskState = null;
                    instance.taskDeadline = null;
                    instance.updatedAt = now;
                });
        actions.finish(event.instanceId(), event.requestId(), event.host(), event.fault(), now);
    }

    private static Instance snapshottable(String action, Instance instance) {
        if (instance.taskState != null) {
            throw ServerActions.conflict(action, instance, "task_state " + instance.taskState);
        }
        if (!SNAPSHOTTABLE.contains(instance.vmState) || instance.host == null) {
            throw ServerActions.conflict(action, instance, "vm_state " + instance.vmState);
        }
        return instance;
    }

    /** Nova's snapshot properties, then the tenant's own. */
    private static Map<String, Object> properties(Instance instance, Request request, Caller caller) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", request.name());
        properties.put("instance_uuid", instance.id.toString());
        properties.put("image_type", request.isBackup() ? "backup" : "snapshot");
        if (request.isBackup()) {
            properties.put("backup_type", request.backupType());
        }
        properties.put("base_image_ref", instance.imageRef);
        properties.put("user_id", caller.userId());
        properties.putAll(request.metadata());
        return properties;
    }

    /** A base image the tenant can no longer see: the snapshot keeps the defaults; the host says if it cannot copy. */
    private static Image unknownBase(String imageRef) {
        return new Image(imageRef, null, "deleted", 0, 0, 0, null, null, null, null, Map.of());
    }
}
