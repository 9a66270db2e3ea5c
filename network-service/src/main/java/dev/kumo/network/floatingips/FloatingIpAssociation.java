package dev.kumo.network.floatingips;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.ipam.IpAddress;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.ports.Port;
import dev.kumo.network.ports.PortAccess;
import dev.kumo.network.routers.Router;
import dev.kumo.network.routers.RouterInterfaces;
import jakarta.enterprise.context.RequestScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Associates a floating IP with a port's fixed IPv4 address. Neutron requires a router that has its gateway on
 * the floating IP's network and an interface on the fixed IP's subnet: that router is the one that translates.
 */
@RequestScoped
public class FloatingIpAssociation {

    private final PortAccess ports;
    private final Clock clock;

    public FloatingIpAssociation(PortAccess ports, Clock clock) {
        this.ports = ports;
        this.clock = clock;
    }

    public void associate(FloatingIp floatingIp, Object portIdValue, Object fixedIpValue) {
        Port port = ports.visible(Ids.parse("port_id", portIdValue));
        if (!port.projectId.equals(floatingIp.projectId)) {
            throw NeutronError.notFound("Port", port.id);
        }
        IpAllocation fixedIp = fixedIp(port, fixedIpValue);
        Router router = router(floatingIp, port, fixedIp);
        FloatingIp other = FloatingIp.<FloatingIp>find("portId = ?1 and fixedIpAddress = ?2", port.id, fixedIp.ipAddress)
                .firstResult();
        if (other != null && !other.id.equals(floatingIp.id)) {
            throw NeutronError.conflict("FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
                    + floatingIp.floatingIpAddress + " (" + floatingIp.id + ") with port " + port.id + " using fixed IP "
                    + fixedIp.ipAddress + ", as that fixed IP already has a floating IP on external network "
                    + other.floatingNetworkId + ".");
        }
        floatingIp.portId = port.id;
        floatingIp.fixedIpAddress = fixedIp.ipAddress;
        floatingIp.routerId = router.id;
        floatingIp.status = "ACTIVE";
        floatingIp.touch(Instant.now(clock));
    }

    private static IpAllocation fixedIp(Port port, Object requested) {
        List<IpAllocation> ipv4 = IpAllocation.ofPort(port.id).stream()
                .filter(allocation -> IpAddress.parse(allocation.ipAddress).orElseThrow().version() == 4).toList();
        if (requested == null) {
            if (ipv4.isEmpty()) {
                throw NeutronError.badRequest("Bad floatingip request: Port " + port.id + " does not have any IPv4 address.");
            }
            return ipv4.get(0);
        }
        String wanted = IpAddress.parse(String.valueOf(requested)).map(IpAddress::toString)
                .orElseThrow(() -> NeutronError.invalidInput("fixed_ip_address", "'" + requested + "' is not a valid IP address"));
        return ipv4.stream().filter(allocation -> allocation.ipAddress.equals(wanted)).findFirst()
                .orElseThrow(() -> NeutronError.badRequest("Bad floatingip request: Port " + port.id
                        + " does not have fixed ip " + wanted + "."));
    }

    private static Router router(FloatingIp floatingIp, Port port, IpAllocation fixedIp) {
        for (Router router : Router.<Router>list("externalNetworkId", floatingIp.floatingNetworkId)) {
            for (Port leg : RouterInterfaces.interfaces(router)) {
                if (IpAllocation.ofPort(leg.id).stream().anyMatch(a -> a.subnetId.equals(fixedIp.subnetId))) {
                    return router;
                }
            }
        }
        throw new NeutronError(404, "ExternalGatewayForFloatingIPNotFound", "External network "
                + floatingIp.floatingNetworkId + " is not reachable from subnet " + fixedIp.subnetId
                + ". Therefore, cannot associate Port " + port.id + " with a Floating IP.");
    }
}
