package dev.kumo.network.floatingips;

import dev.kumo.contracts.instance.PortFloatingIps;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.ports.Port;
import dev.kumo.network.ports.PortChanged;
import dev.kumo.network.routers.RouterUpdates;
import dev.kumo.platform.messaging.Outbox;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What a floating IP's association changing means for the others: the hosts of the ports it left and reached get their
 * router's new NAT ({@code host.update-router}), and a server's port tells the compute API its floating addresses now
 * ({@code instance.port-floating-ips}, full state). Also follows a port that changes: a server taking a port with
 * floating IPs (or leaving it) is told, and a floating IP whose fixed IP the port gave up moves to the port's address
 * behind the same router, or is disassociated when there is none.
 */
@ApplicationScoped
public class FloatingIpChanges {

    private final RouterUpdates routers;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final Clock clock;

    public FloatingIpChanges(RouterUpdates routers, Outbox outbox, EntityManager entityManager, Clock clock) {
        this.routers = routers;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Where a floating IP points: the port, its fixed IP and the router that translates; all null when unassociated. */
    public record Association(UUID portId, String fixedIpAddress, UUID routerId) {

        public static final Association NONE = new Association(null, null, null);

        public static Association of(FloatingIp floatingIp) {
            return new Association(floatingIp.portId, floatingIp.fixedIpAddress, floatingIp.routerId);
        }
    }

    /** A floating IP was associated, disassociated or deleted ({@code after} {@link Association#NONE}). */
    public void changed(Association before, Association after) {
        if (before.equals(after)) {
            return;
        }
        entityManager.flush();
        Set<String> hosts = new TreeSet<>();
        Stream.of(before.portId(), after.portId()).filter(Objects::nonNull).distinct().sorted().forEach(portId -> {
            Port port = lockedPort(portId);
            if (port != null) {
                tellComputeApi(port, PortChanged.Binding.of(port));
                if (!port.bindingHostId.isEmpty()) {
                    hosts.add(port.bindingHostId);
                }
            }
        });
        Stream.of(before.routerId(), after.routerId()).filter(Objects::nonNull).distinct().sorted()
                .forEach(routerId -> routers.hostsChanged(routerId, hosts));
    }

    /** Runs before the routers hear of the port change, so they see where its floating IPs now point. */
    void portChanged(@Observes @Priority(1000) PortChanged change) {
        if (change.after() == null) {
            if (change.floatingIpsReleased()) {
                change.before().instanceId().ifPresent(instance ->
                        outbox.publish(new PortFloatingIps(instance, change.portId().toString(), List.of())));
            }
            return;
        }
        if (change.before() == null) {
            return;
        }
        entityManager.flush();
        List<FloatingIp> floatingIps = FloatingIp.ofPort(change.portId());
        if (floatingIps.isEmpty()) {
            return;
        }
        boolean disassociated = followFixedIps(change.portId(), floatingIps);
        Optional<UUID> before = change.before().instanceId();
        Optional<UUID> after = change.after().instanceId();
        if (!before.equals(after)) {
            before.ifPresent(instance -> outbox.publish(new PortFloatingIps(instance, change.portId().toString(), List.of())));
        }
        if (!before.equals(after) || disassociated) {
            Port port = lockedPort(change.portId());
            if (port != null) {
                tellComputeApi(port, change.after());
            }
        }
    }

    /** Floating IPs whose fixed IP the port no longer holds; returns whether any had to be disassociated. */
    private boolean followFixedIps(UUID portId, List<FloatingIp> floatingIps) {
        List<IpAllocation> held = IpAllocation.ofPort(portId);
        boolean disassociated = false;
        Instant now = Instant.now(clock);
        for (FloatingIp floatingIp : floatingIps) {
            if (held.stream().anyMatch(allocation -> allocation.ipAddress.equals(floatingIp.fixedIpAddress))) {
                continue;
            }
            Optional<IpAllocation> behindRouter = held.stream()
                    .filter(allocation -> !allocation.ipAddress.contains(":"))
                    .filter(allocation -> routerReaches(floatingIp.routerId, allocation.subnetId))
                    .filter(allocation -> floatingIps.stream().noneMatch(other -> allocation.ipAddress.equals(other.fixedIpAddress)))
                    .findFirst();
            if (behindRouter.isPresent()) {
                floatingIp.fixedIpAddress = behindRouter.get().ipAddress;
                floatingIp.touch(now);
            } else {
                floatingIp.disassociate(now);
                disassociated = true;
            }
        }
        entityManager.flush();
        return disassociated;
    }

    private boolean routerReaches(UUID routerId, UUID subnetId) {
        return routerId != null && !entityManager.createNativeQuery("""
                select 1 from port p join ip_allocation a on a.port_id = p.id
                where p.device_id = :router and p.device_owner = :owner and a.subnet_id = :subnet""")
                .setParameter("router", routerId.toString()).setParameter("owner", Port.ROUTER_INTERFACE)
                .setParameter("subnet", subnetId).getResultList().isEmpty();
    }

    private void tellComputeApi(Port port, PortChanged.Binding binding) {
        binding.instanceId().ifPresent(instance -> outbox.publish(new PortFloatingIps(instance, port.id.toString(),
                FloatingIp.ofPort(port.id).stream().map(floatingIp -> floatingIp.floatingIpAddress).toList())));
    }

    /** The port, its row locked: two changes of one port's floating IPs tell the compute API in commit order. */
    private Port lockedPort(UUID portId) {
        return entityManager.find(Port.class, portId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }
}
