package dev.kumo.gateway.servers;

import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.flavors.Flavor;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates and deletes instances. Each change and the request it sends to the scheduler commit in one
 * transaction (the outbox), so a request is never lost and never sent for a change that did not happen.
 */
@ApplicationScoped
public class Servers {

    private final Outbox outbox;
    private final Duration buildTimeout;
    private final Clock clock;

    public Servers(Outbox outbox, @ConfigProperty(name = "kumo.build.timeout") Duration buildTimeout) {
        this.outbox = outbox;
        this.buildTimeout = buildTimeout;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public Instance create(CreateServerRequest request, Caller caller) {
        Flavor flavor = Flavor.byId(request.flavorRef())
                .filter(found -> !found.disabled)
                .orElseThrow(() -> ComputeError.badRequest("Flavor " + request.flavorRef() + " could not be found."));
        Instant now = clock.instant();
        Instance instance = new Instance();
        instance.id = UUID.randomUUID();
        instance.projectId = caller.projectId();
        instance.userId = caller.userId();
        instance.name = request.name();
        instance.flavorId = flavor.id;
        instance.imageRef = request.imageRef();
        instance.vcpus = flavor.vcpus;
        instance.memoryMb = flavor.ramMb;
        instance.diskGb = flavor.resources().diskGb();
        instance.vmState = VmState.BUILDING;
        instance.taskState = TaskState.SCHEDULING;
        instance.powerState = PowerState.NOSTATE;
        instance.createdAt = now;
        instance.updatedAt = now;
        instance.buildDeadline = now.plus(buildTimeout);
        instance.persist();
        outbox.publish(new BuildInstance(instance.id, instance.projectId, instance.userId, instance.name,
                flavor.id, flavor.resources(), instance.imageRef, instance.buildDeadline));
        return instance;
    }

    /** Starts deleting; the instance disappears once its host confirms the domain is gone. */
    @Transactional
    public void delete(UUID id, Caller caller) {
        Instance instance = Instance.forUpdate(id)
                .filter(found -> found.deletedAt == null)
                .filter(found -> caller.isAdmin() || found.projectId.equals(caller.projectId()))
                .orElseThrow(() -> notFound(id));
        if (instance.isDeleting()) {
            return;
        }
        instance.taskState = TaskState.DELETING;
        instance.updatedAt = clock.instant();
        outbox.publish(new DeleteInstance(instance.id, instance.projectId));
    }

    static ComputeError notFound(UUID id) {
        return ComputeError.notFound("Instance " + id + " could not be found.");
    }
}
