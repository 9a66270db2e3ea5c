package dev.kumo.network.routers;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.floatingips.FloatingIp;
import dev.kumo.network.ipam.FixedIpRequest;
import dev.kumo.network.ipam.IpAddress;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.ports.Port;
import dev.kumo.network.ports.PortAccess;
import dev.kumo.network.ports.Ports;
import dev.kumo.network.subnets.Subnet;
import dev.kumo.network.subnets.SubnetAccess;
import jakarta.enterprise.context.RequestScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code add_router_interface} and {@code remove_router_interface}: a router's leg on a subnet is a port
 * (device_owner network:router_interface) holding the subnet's gateway IP, or a port the caller hands over.
 */
@RequestScoped
public class RouterInterfaces {

    private final SubnetAccess subnets;
    private final PortAccess portAccess;
    private final Ports ports;
    private final Clock clock;

    public RouterInterfaces(SubnetAccess subnets, PortAccess portAccess, Ports ports, Clock clock) {
        this.subnets = subnets;
        this.portAccess = portAccess;
        this.ports = ports;
        this.clock = clock;
    }

    public Map<String, Object> add(Router router, Map<String, Object> body) {
        Object subnetId = body == null ? null : body.get("subnet_id");
        Object portId = body == null ? null : body.get("port_id");
        requireOneOf(subnetId, portId);
        Port port;
        Subnet subnet;
        if (subnetId != null) {
            subnet = subnets.visible(Ids.parse("subnet_id", subnetId));
            if (subnet.gatewayIp == null) {
                throw badRequest("Subnet for router interface must have a gateway IP.");
            }
            requireNoOverlap(router, subnet);
            port = Ports.blank(subnet.networkId, router.projectId);
            port.deviceOwner = Port.ROUTER_INTERFACE;
            port.deviceId = router.id.toString();
            port.portSecurityEnabled = false;
            ports.create(port, List.of(new FixedIpRequest(subnet.id, IpAddress.parse(subnet.gatewayIp).orElseThrow())), List.of());
        } else {
            port = portAccess.visible(Ids.parse("port_id", portId));
            if (!port.deviceId.isEmpty()) {
                throw NeutronError.inUse("PortInUse", "Unable to complete operation on port " + port.id + " for network "
                        + port.networkId + ". Port already has an attached device " + port.deviceId + ".");
            }
            List<IpAllocation> fixedIps = IpAllocation.ofPort(port.id);
            if (fixedIps.isEmpty()) {
                throw badRequest("Router port must have at least one fixed IP.");
            }
            subnet = Subnet.findById(fixedIps.get(0).subnetId);
            requireNoOverlap(router, subnet);
            port.deviceOwner = Port.ROUTER_INTERFACE;
            port.deviceId = router.id.toString();
            port.status = Ports.statusOf(port);
            port.touch(Instant.now(clock));
        }
        router.touch(Instant.now(clock));
        return info(router, port, subnet);
    }

    public Map<String, Object> remove(Router router, Map<String, Object> body) {
        Object subnetId = body == null ? null : body.get("subnet_id");
        Object portId = body == null ? null : body.get("port_id");
        requireOneOf(subnetId, portId);
        Port port;
        Subnet subnet;
        if (portId != null) {
            UUID id = Ids.parse("port_id", portId);
            port = interfaces(router).stream().filter(p -> p.id.equals(id)).findFirst()
                    .orElseThrow(() -> new NeutronError(404, "RouterInterfaceNotFound", "Router " + router.id
                            + " does not have an interface with id " + id));
            List<IpAllocation> fixedIps = IpAllocation.ofPort(port.id);
            subnet = fixedIps.isEmpty() ? null : Subnet.findById(fixedIps.get(0).subnetId);
        } else {
            subnet = subnets.visible(Ids.parse("subnet_id", subnetId));
            port = interfaces(router).stream().filter(p -> onSubnet(p, subnet.id)).findFirst()
                    .orElseThrow(() -> new NeutronError(404, "RouterInterfaceNotFoundForSubnet", "Router " + router.id
                            + " has no interface on subnet " + subnet.id));
        }
        if (subnet != null && usedByFloatingIps(router, subnet)) {
            throw NeutronError.inUse("RouterInterfaceInUseByFloatingIP", "Router interface for subnet " + subnet.id
                    + " on router " + router.id + " cannot be deleted, as it is required by one or more floating IPs.");
        }
        Map<String, Object> info = info(router, port, subnet);
        ports.delete(port);
        router.touch(Instant.now(clock));
        return info;
    }

    public static List<Port> interfaces(Router router) {
        return Port.list("deviceId = ?1 and deviceOwner = ?2", router.id.toString(), Port.ROUTER_INTERFACE);
    }

    private void requireNoOverlap(Router router, Subnet subnet) {
        for (Port existing : interfaces(router)) {
            for (IpAllocation allocation : IpAllocation.ofPort(existing.id)) {
                Subnet other = Subnet.findById(allocation.subnetId);
                if (other.id.equals(subnet.id)) {
                    throw badRequest("Router already has a port on subnet " + subnet.id + ".");
                }
                if (other.prefix().overlaps(subnet.prefix())) {
                    throw badRequest("Cidr " + subnet.cidr + " of subnet " + subnet.id + " overlaps with cidr "
                            + other.cidr + " of subnet " + other.id + ".");
                }
            }
        }
    }

    private static boolean onSubnet(Port port, UUID subnetId) {
        return IpAllocation.ofPort(port.id).stream().anyMatch(allocation -> allocation.subnetId.equals(subnetId));
    }

    private static boolean usedByFloatingIps(Router router, Subnet subnet) {
        return FloatingIp.<FloatingIp>list("routerId", router.id).stream().anyMatch(floatingIp -> subnet.prefix()
                .contains(IpAddress.parse(floatingIp.fixedIpAddress).orElseThrow()));
    }

    private static void requireOneOf(Object subnetId, Object portId) {
        if (subnetId != null && portId != null) {
            throw badRequest("Cannot specify both subnet-id and port-id");
        }
        if (subnetId == null && portId == null) {
            throw badRequest("Either subnet_id or port_id must be specified");
        }
    }

    private static NeutronError badRequest(String reason) {
        return NeutronError.badRequest("Bad router request: " + reason);
    }

    private static Map<String, Object> info(Router router, Port port, Subnet subnet) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", router.id.toString());
        info.put("tenant_id", router.projectId);
        info.put("project_id", router.projectId);
        info.put("network_id", port.networkId.toString());
        info.put("port_id", port.id.toString());
        info.put("subnet_id", subnet == null ? null : subnet.id.toString());
        info.put("subnet_ids", subnet == null ? List.of() : List.of(subnet.id.toString()));
        return info;
    }
}
