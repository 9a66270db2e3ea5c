package dev.kumo.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.OperateInstance;
import dev.kumo.contracts.host.RebuildInstance;
import dev.kumo.contracts.host.MigrateInstance;
import dev.kumo.contracts.host.ResizeInstance;
import dev.kumo.contracts.host.SnapshotInstance;
import dev.kumo.contracts.host.UpdatePortRules;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.image.ImageActivated;
import dev.kumo.contracts.image.ImageCreated;
import dev.kumo.contracts.image.ImageDeleted;
import dev.kumo.contracts.instance.InstanceMigrated;
import dev.kumo.contracts.instance.MigrateRequested;
import dev.kumo.contracts.instance.MigrationConfirmed;
import dev.kumo.contracts.instance.MigrationReverted;
import dev.kumo.contracts.instance.ResizeConfirmed;
import dev.kumo.contracts.instance.ResizeRequested;
import dev.kumo.contracts.instance.ResizeReverted;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostHeartbeats;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.contracts.instance.AbortBuild;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.EvacuateInstance;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.contracts.instance.InstanceOperated;
import dev.kumo.contracts.instance.InstancePortsReleased;
import dev.kumo.contracts.instance.PortFloatingIps;
import dev.kumo.contracts.instance.InstancePowerChanged;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.contracts.instance.InstanceSpawnFailed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns messages into JSON bytes and back. Readers are tolerant: unknown fields are ignored, so a
 * newer writer that only adds fields does not break an older reader.
 */
public final class MessageCodec {

    public static final List<Class<? extends Message>> KNOWN = List.of(
            BuildInstance.class, DeleteInstance.class, AbortBuild.class,
            ResizeRequested.class, ResizeConfirmed.class, ResizeReverted.class,
            MigrateRequested.class, MigrationConfirmed.class, MigrationReverted.class,
            InstanceScheduled.class, InstanceActive.class, InstanceBuildFailed.class, InstanceDestroyed.class,
            InstanceOperated.class, InstancePowerChanged.class, InstanceMigrated.class,
            EvacuateInstance.class, InstanceSpawnFailed.class, InstancePortsReleased.class,
            SpawnInstance.class, DestroyInstance.class, OperateInstance.class, RebuildInstance.class,
            SnapshotInstance.class, ResizeInstance.class, MigrateInstance.class, UpdatePortRules.class,
            UpdateRouter.class, PortFloatingIps.class,
            HostRegistered.class, HostHeartbeat.class, HostHeartbeats.class,
            ImageCreated.class, ImageActivated.class, ImageDeleted.class);

    private static final Map<String, Class<? extends Message>> BY_TYPE = KNOWN.stream()
            .collect(Collectors.toUnmodifiableMap(type -> contractOf(type).type(), Function.identity()));

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Contract contractOf(Class<? extends Message> type) {
        Contract contract = type.getAnnotation(Contract.class);
        if (contract == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @Contract");
        }
        return contract;
    }

    public static Contract contractOf(Message message) {
        return contractOf(message.getClass());
    }

    public static Optional<Class<? extends Message>> typeNamed(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public byte[] encode(Message message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public String encodeToString(Message message) {
        return new String(encode(message), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Decodes a payload of the given wire type.
     *
     * @throws UnknownMessageException when the type is not one this build knows
     */
    public Message decode(String type, byte[] payload) {
        Class<? extends Message> target = typeNamed(type).orElseThrow(() -> new UnknownMessageException(type));
        try {
            return json.readValue(payload, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + type, e);
        }
    }

    /** A message whose type this build does not know. */
    public static final class UnknownMessageException extends RuntimeException {
        public UnknownMessageException(String type) {
            super("unknown message type: " + type);
        }
    }
}
