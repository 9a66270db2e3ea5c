package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.FailedAttempt;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.RequestedNetwork;
import java.util.List;
import java.util.UUID;

/**
 * The scheduler tells one host's agent to define and start an instance it claimed room for. A spawn for a new
 * build carries the build {@code request} and the {@code earlierFailures} of this build on other hosts; the agent
 * hands the spawn back if it fails too, so the scheduler can try another host without keeping the request itself.
 * A spawn that must not be retried elsewhere (an evacuation) carries no request. {@code networks} are the
 * interfaces to plug the domain into (the ports to make, or existing ones to bind to this host).
 */
@Contract(type = "host.spawn-instance", topic = Topics.HOST_COMMANDS)
public record SpawnInstance(
        String host,
        UUID instanceId,
        String name,
        Resources resources,
        String imageRef,
        GuestConfig guest,
        BuildInstance request,
        List<FailedAttempt> earlierFailures,
        List<RequestedNetwork> networks) implements Message {

    public SpawnInstance {
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** A spawn without network interfaces. */
    public SpawnInstance(String host, UUID instanceId, String name, Resources resources, String imageRef,
            GuestConfig guest, BuildInstance request, List<FailedAttempt> earlierFailures) {
        this(host, instanceId, name, resources, imageRef, guest, request, earlierFailures, List.of());
    }

    /** A spawn without guest configuration (tests, and messages from before it existed). */
    public SpawnInstance(String host, UUID instanceId, String name, Resources resources, String imageRef) {
        this(host, instanceId, name, resources, imageRef, null);
    }

    /** A spawn that is not retried elsewhere if it fails (and messages from before retries existed). */
    public SpawnInstance(String host, UUID instanceId, String name, Resources resources, String imageRef,
            GuestConfig guest) {
        this(host, instanceId, name, resources, imageRef, guest, null, null);
    }

    /** The first or a later attempt of a build on {@code host}. */
    public static SpawnInstance attempt(String host, BuildInstance request, List<FailedAttempt> earlierFailures) {
        return new SpawnInstance(host, request.instanceId(), request.name(), request.resources(), request.imageRef(),
                request.guest(), request, List.copyOf(earlierFailures), request.networks());
    }

    /** The guest's configuration, never null. */
    public GuestConfig guestConfig() {
        return guest == null ? GuestConfig.NONE : guest;
    }

    /** This build's failures on other hosts so far, never null. */
    public List<FailedAttempt> failuresSoFar() {
        return earlierFailures == null ? List.of() : earlierFailures;
    }

    @Override
    public String key() {
        return host;
    }
}
