package dev.kumo.network.ports;

import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.floatingips.FloatingIp;
import dev.kumo.network.ipam.FixedIpRequest;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.ipam.Ipam;
import dev.kumo.network.quotas.Quotas;
import dev.kumo.network.securitygroups.DefaultSecurityGroup;
import dev.kumo.network.tags.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Creating and removing ports, for the port API and for routers and floating IPs, which own ports of their own:
 * quota (for a project's ports), a MAC unique on the network, fixed IPs from IPAM, security groups.
 */
@ApplicationScoped
public class Ports {

    private final Ipam ipam;
    private final Quotas quotas;
    private final DefaultSecurityGroup defaultSecurityGroup;
    private final Tags tags;
    private final EntityManager entityManager;
    private final Clock clock;
    private final Event<PortChanged> changes;

    public Ports(Ipam ipam, Quotas quotas, DefaultSecurityGroup defaultSecurityGroup, Tags tags,
            EntityManager entityManager, Clock clock, Event<PortChanged> changes) {
        this.ipam = ipam;
        this.quotas = quotas;
        this.defaultSecurityGroup = defaultSecurityGroup;
        this.tags = tags;
        this.entityManager = entityManager;
        this.clock = clock;
        this.changes = changes;
    }

    /** A port with Neutron's defaults, for the caller to fill in before {@link #create}. */
    public static Port blank(UUID networkId, String projectId) {
        Port port = new Port();
        port.id = UUID.randomUUID();
        port.networkId = networkId;
        port.projectId = projectId;
        port.name = "";
        port.description = "";
        port.adminStateUp = true;
        port.deviceId = "";
        port.deviceOwner = "";
        port.bindingHostId = "";
        port.bindingVnicType = "normal";
        port.portSecurityEnabled = true;
        return port;
    }

    /**
     * Stores the port and gives it its addresses. {@code fixedIps} null means IPAM's default; {@code securityGroups}
     * null means the project's default group (none for Neutron's own router and floating IP ports).
     */
    public Port create(Port port, List<FixedIpRequest> fixedIps, Collection<UUID> securityGroups) {
        if (!port.projectId.isEmpty()) {
            quotas.claim(port.projectId, "port", 1);
        }
        if (port.macAddress == null) {
            port.macAddress = MacAddresses.generate(port.networkId);
        } else {
            MacAddresses.requireFree(port.networkId, port.macAddress);
        }
        if (securityGroups != null) {
            port.securityGroups = new LinkedHashSet<>(securityGroups);
        } else if (port.portSecurityEnabled && !port.isNetworkOwned() && !port.projectId.isEmpty()) {
            port.securityGroups = new LinkedHashSet<>(List.of(defaultSecurityGroup.of(port.projectId).id));
        }
        if (!port.portSecurityEnabled && !port.securityGroups.isEmpty()) {
            throw NeutronError.conflict("PortSecurityAndIPRequiredForSecurityGroups",
                    "Port security must be enabled and port must have an IP address in order to use security groups.");
        }
        Instant now = Instant.now(clock);
        port.status = statusOf(port);
        port.createdAt = now;
        port.updatedAt = now;
        port.persist();
        entityManager.flush();
        ipam.allocate(port.id, port.networkId, port.macAddress, fixedIps, isRouterInterface(port));
        return port;
    }

    /** Replaces the port's fixed IPs: addresses it keeps stay, a bare subnet keeps the port's address on it. */
    public void changeFixedIps(Port port, List<FixedIpRequest> requested) {
        List<IpAllocation> current = IpAllocation.ofPort(port.id);
        List<FixedIpRequest> resolved = new ArrayList<>();
        List<IpAllocation> unclaimed = new ArrayList<>(current);
        for (FixedIpRequest request : requested) {
            if (request.ipAddress() == null && request.subnetId() != null) {
                IpAllocation kept = unclaimed.stream().filter(a -> a.subnetId.equals(request.subnetId())).findFirst().orElse(null);
                if (kept != null) {
                    unclaimed.remove(kept);
                    resolved.add(new FixedIpRequest(kept.subnetId, dev.kumo.network.ipam.IpAddress.parse(kept.ipAddress).orElseThrow()));
                    continue;
                }
            }
            resolved.add(request);
        }
        ipam.release(port.id);
        ipam.allocate(port.id, port.networkId, port.macAddress, resolved, isRouterInterface(port));
    }

    /** Removes the port, its addresses and tags; a floating IP on it is disassociated, as in Neutron. */
    public void delete(Port port) {
        boolean floatingIpsReleased = FloatingIp.disassociateFrom(port.id, Instant.now(clock)) > 0;
        ipam.release(port.id);
        tags.removeAll(port.id);
        port.delete();
        entityManager.flush();
        changes.fire(PortChanged.deleted(port, floatingIpsReleased));
    }

    public List<Map<String, Object>> views(List<Port> ports, boolean admin) {
        List<UUID> ids = ports.stream().map(port -> port.id).toList();
        Map<UUID, List<IpAllocation>> fixedIps = IpAllocation.ofPorts(ids).stream()
                .collect(Collectors.groupingBy(allocation -> allocation.portId));
        Map<UUID, List<String>> allTags = tags.forAll(ids);
        return ports.stream().map(port -> PortView.of(port, fixedIps.getOrDefault(port.id, List.of()),
                allTags.getOrDefault(port.id, List.of()), admin)).toList();
    }

    public Map<String, Object> view(Port port, boolean admin) {
        return views(List.of(port), admin).get(0);
    }

    /** Bound ports and Neutron's own router ports are up; a port waiting for its server is down. */
    public static String statusOf(Port port) {
        return !port.bindingHostId.isEmpty() || port.deviceOwner.startsWith("network:router") ? "ACTIVE" : "DOWN";
    }

    private static boolean isRouterInterface(Port port) {
        return port.deviceOwner.startsWith(Port.ROUTER_INTERFACE);
    }
}
