package dev.kumo.gateway.servers;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.GuestConfig;
import dev.kumo.contracts.instance.DeleteInstance;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.contracts.instance.RequestedNetwork;
import dev.kumo.gateway.actions.InstanceActions;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.flavors.Flavor;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.images.BootImages;
import dev.kumo.gateway.images.Image;
import dev.kumo.gateway.keypairs.Keypair;
import dev.kumo.gateway.quotas.QuotaResource;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.quotas.Quotas;
import dev.kumo.gateway.servergroups.ServerGroup;
import dev.kumo.platform.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates and deletes instances. Each change and the request it sends to the scheduler commit in one
 * transaction (the outbox), so a request is never lost and never sent for a change that did not happen;
 * quotas are checked under the project's lock in that same transaction.
 */
@ApplicationScoped
public class Servers {

    /** The zone of every host in no zone's aggregate, as in a default Nova. */
    public static final String ZONE = "nova";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Outbox outbox;
    private final Quotas quotas;
    private final BootImages bootImages;
    private final InstanceActions actions;
    private final Duration buildTimeout;
    private final Clock clock;
    private final HostDirectory hosts;
    private final ServerNetworks networks;

    public Servers(Outbox outbox, Quotas quotas, BootImages bootImages, InstanceActions actions,
            @ConfigProperty(name = "kumo.build.timeout") Duration buildTimeout, HostDirectory hosts,
            ServerNetworks networks) {
        this.hosts = hosts;
        this.networks = networks;
        this.outbox = outbox;
        this.quotas = quotas;
        this.bootImages = bootImages;
        this.actions = actions;
        this.buildTimeout = buildTimeout;
        this.clock = Clock.systemUTC();
    }

    /** Creates between min_count and max_count instances, as many as the quota allows; all or none. */
    @Transactional
    public List<Instance> create(CreateServerRequest request, Caller caller) {
        String projectId = caller.projectId();
        Flavor flavor = flavor(request, caller);
        Image image = image(request, caller, flavor);
        Keypair keypair = keypair(request, caller);
        PlacementHints hints = HostRequirements.applyTo(neighbours(hints(request, caller), request, caller),
                Flavor.extraSpecs(flavor.id), image.placement());
        List<RequestedNetwork> networks = this.networks.resolve(request, caller);
        quotas.checkCount(projectId, QuotaResource.METADATA_ITEMS, request.metadata().size());
        int count = countWithinQuota(projectId, flavor, request);
        if (hints.hasGroup()) {
            ServerGroup group = ServerGroup.findById(hints.groupId());
            quotas.checkCount(projectId, QuotaResource.SERVER_GROUP_MEMBERS, group.members.size() + count);
        }
        String reservationId = "r-" + HexFormat.of().formatHex(randomBytes(4));
        Instant now = clock.instant();
        List<Instance> created = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            Instance instance = newInstance(request, caller, flavor, image, keypair, now);
            if (hints.availabilityZone() != null) {
                instance.availabilityZone = hints.availabilityZone();
            }
            instance.name = count > 1 ? request.name() + "-" + (index + 1) : request.name();
            instance.hostname = Hostnames.of(instance.name);
            instance.launchIndex = index;
            instance.reservationId = reservationId;
            instance.serverGroupId = hints.groupId();
            instance.persist();
            if (hints.hasGroup()) {
                ServerGroup.<ServerGroup>findById(hints.groupId()).members.add(instance.id);
            }
            actions.start(instance.id, "create", projectId, caller, "compute__do_build_and_run_instance");
            outbox.publish(new BuildInstance(instance.id, instance.projectId, instance.userId, instance.name,
                    flavor.id, flavor.resources(), instance.imageRef, instance.buildDeadline, hints,
                    guestConfig(instance), networks));
            created.add(instance);
        }
        return created;
    }

    private Instance newInstance(CreateServerRequest request, Caller caller, Flavor flavor, Image image,
            Keypair keypair, Instant now) {
        Instance instance = new Instance();
        instance.id = UUID.randomUUID();
        instance.projectId = caller.projectId();
        instance.userId = caller.userId();
        instance.flavorId = flavor.id;
        instance.imageRef = image.id();
        instance.vcpus = flavor.vcpus;
        instance.memoryMb = flavor.ramMb;
        instance.diskGb = flavor.resources().diskGb();
        instance.description = request.description();
        instance.keyName = keypair == null ? null : keypair.name;
        instance.publicKey = keypair == null ? null : keypair.publicKey;
        instance.userData = request.userData();
        instance.metadata.putAll(request.metadata());
        instance.securityGroups = String.join(",", request.securityGroups());
        instance.availabilityZone = ZONE;
        instance.configDrive = request.configDrive();
        instance.accessIpv4 = request.accessIpv4();
        instance.accessIpv6 = request.accessIpv6();
        instance.vmState = VmState.BUILDING;
        instance.taskState = TaskState.SCHEDULING;
        instance.powerState = PowerState.NOSTATE;
        instance.createdAt = now;
        instance.updatedAt = now;
        instance.buildDeadline = now.plus(buildTimeout);
        return instance;
    }

    /**
     * How many of the requested servers the project's quotas leave room for. A project limited in instances,
     * cores or RAM is counted under its lock, so concurrent creates never pass a limit together; a project with
     * none of those limits has nothing to count and creates without waiting for the others.
     */
    private int countWithinQuota(String projectId, Flavor flavor, CreateServerRequest request) {
        Map<QuotaResource, Long> each = new EnumMap<>(QuotaResource.class);
        each.put(QuotaResource.INSTANCES, 1L);
        each.put(QuotaResource.CORES, (long) flavor.vcpus);
        each.put(QuotaResource.RAM, (long) flavor.ramMb);
        if (!isLimited(quotas.limits(projectId), each.keySet())) {
            return request.maxCount();
        }
        quotas.lockProject(projectId);
        Map<QuotaResource, Integer> limits = quotas.limits(projectId);
        Map<QuotaResource, Long> usage = quotas.usage(projectId);
        long fits = request.maxCount();
        for (Map.Entry<QuotaResource, Long> resource : each.entrySet()) {
            int limit = limits.getOrDefault(resource.getKey(), Quotas.UNLIMITED);
            if (limit != Quotas.UNLIMITED && resource.getValue() > 0) {
                long room = Math.max(0, limit - usage.getOrDefault(resource.getKey(), 0L)) / resource.getValue();
                if (room < request.minCount()) {
                    throw ComputeError.forbidden("Quota exceeded for " + resource.getKey().key() + ": Requested "
                            + resource.getValue() * request.minCount() + ", but already used "
                            + usage.getOrDefault(resource.getKey(), 0L) + " of " + limit + " "
                            + resource.getKey().key());
                }
                fits = Math.min(fits, room);
            }
        }
        return (int) fits;
    }

    private static boolean isLimited(Map<QuotaResource, Integer> limits, java.util.Set<QuotaResource> resources) {
        return resources.stream().anyMatch(resource -> limits.getOrDefault(resource, Quotas.UNLIMITED)
                != Quotas.UNLIMITED);
    }

    private static Flavor flavor(CreateServerRequest request, Caller caller) {
        return Flavor.visible(request.flavorRef(), caller.projectId(), caller.isAdmin())
                .filter(found -> !found.disabled)
                .orElseThrow(() -> ComputeError.badRequest("Flavor " + request.flavorRef() + " could not be found."));
    }

    private Image image(CreateServerRequest request, Caller caller, Flavor flavor) {
        Image image = bootImages.find(request.imageRef(), caller.projectId(), caller.rawToken())
                .orElseThrow(() -> ComputeError.badRequest("Image " + request.imageRef() + " could not be found."));
        if (!image.isActive()) {
            throw ComputeError.badRequest("Image " + image.id() + " is not active.");
        }
        if (flavor.ramMb < image.minRamMb()) {
            throw ComputeError.badRequest("Flavor's memory is too small for requested image.");
        }
        if (flavor.diskGb > 0 && flavor.diskGb < image.minDiskGb()) {
            throw ComputeError.badRequest("Flavor's disk is too small for requested image.");
        }
        return image;
    }

    private static Keypair keypair(CreateServerRequest request, Caller caller) {
        if (request.keyName() == null) {
            return null;
        }
        return Keypair.of(caller.userId(), request.keyName())
                .orElseThrow(() -> ComputeError.badRequest("Invalid key_name provided."));
    }

    /**
     * Where the build may go: {@code availability_zone} is {@code zone}, {@code zone:host} or {@code :host} (a
     * forced host, admins only); a zone no host is in is refused, as in Nova.
     */
    private PlacementHints hints(CreateServerRequest request, Caller caller) {
        String forcedHost = null;
        String zone = null;
        if (request.availabilityZone() != null) {
            String[] parts = request.availabilityZone().split(":", 3);
            zone = parts[0].isEmpty() ? null : parts[0];
            if (zone != null && !ZONE.equals(zone) && !isZoneOfAHost(zone)) {
                throw ComputeError.badRequest("The requested availability zone is not available");
            }
            if (parts.length > 1 && !parts[1].isEmpty()) {
                caller.requireAdmin("os_compute_api:servers:create:forced_host");
                forcedHost = parts[1];
            }
        }
        if (request.group() == null) {
            return new PlacementHints(null, null, forcedHost, zone);
        }
        ServerGroup group = ServerGroup.visible(request.group(), caller.isAdmin() ? null : caller.projectId())
                .orElseThrow(() -> ComputeError.badRequest("Invalid input for field/attribute group. Server group "
                        + request.group() + " could not be found."));
        return new PlacementHints(group.id, group.policy, forcedHost, zone);
    }

    /**
     * The {@code same_host} and {@code different_host} instances the caller may see (live, in their project; any for
     * admins); the others are left out, so a hint naming none of them constrains nothing.
     */
    private static PlacementHints neighbours(PlacementHints hints, CreateServerRequest request, Caller caller) {
        return hints.withNeighbours(visible(request.sameHost(), caller), visible(request.differentHost(), caller));
    }

    private static List<UUID> visible(List<UUID> ids, Caller caller) {
        if (ids.isEmpty()) {
            return List.of();
        }
        java.util.Set<UUID> seen = Instance.<Instance>list("id in ?1 and deletedAt is null", ids).stream()
                .filter(instance -> caller.sees(instance.projectId)).map(instance -> instance.id)
                .collect(java.util.stream.Collectors.toSet());
        return ids.stream().filter(seen::contains).toList();
    }

    private boolean isZoneOfAHost(String zone) {
        return hosts.all().stream().anyMatch(host -> zone.equals(host.availabilityZone()));
    }

    /** Starts deleting; the instance disappears once its host confirms the domain is gone. */
    @Transactional
    public void delete(UUID id, Caller caller) {
        Instance instance = lockedFor(id, caller);
        Locks.check(instance, caller);
        if (instance.isDeleting()) {
            return;
        }
        instance.taskState = TaskState.DELETING;
        instance.updatedAt = clock.instant();
        actions.start(instance.id, "delete", instance.projectId, caller, null);
        outbox.publish(new DeleteInstance(instance.id, instance.projectId));
    }

    /**
     * The instances the caller may see under the list filters of {@code GET /servers} (name, status, host, image,
     * flavor; for admins all_tenants and project_id), as the API lists them.
     */
    public static List<Instance> listed(jakarta.ws.rs.core.MultivaluedMap<String, String> filters, Caller caller,
            boolean tagsAllowed) {
        ServerQuery query = ServerQuery.from(filters, caller.projectId(), caller.isAdmin(), tagsAllowed);
        return Instance.<Instance>find(query.jpql(), query.parameters()).list().stream()
                .filter(query.remaining()).toList();
    }

    /** The live instance if the caller may see it; 404 otherwise, also for another project's. */
    public static Instance visibleTo(UUID id, Caller caller) {
        return Instance.visible(id, caller.isAdmin() ? null : caller.projectId()).orElseThrow(() -> notFound(id));
    }

    /** The live instance the caller may see, locked for the rest of the transaction so it can be changed. */
    static Instance lockedFor(UUID id, Caller caller) {
        return Instance.forUpdate(id)
                .filter(found -> found.deletedAt == null && caller.sees(found.projectId))
                .orElseThrow(() -> notFound(id));
    }

    static ComputeError notFound(UUID id) {
        return ComputeError.notFound("Instance " + id + " could not be found.");
    }

    /** What the instance's config drive tells the guest about itself. */
    static GuestConfig guestConfig(Instance instance) {
        return new GuestConfig(instance.projectId, instance.hostname, instance.availabilityZone,
                instance.launchIndex, instance.keyName, instance.publicKey, instance.userData,
                instance.metadata);
    }

    static Resources resources(Instance instance) {
        return new Resources(instance.vcpus, instance.memoryMb, instance.diskGb);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
