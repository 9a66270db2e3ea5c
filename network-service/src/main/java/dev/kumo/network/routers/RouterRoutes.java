package dev.kumo.network.routers;

import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.ipam.Cidr;
import dev.kumo.network.ipam.IpAddress;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.ports.Port;
import dev.kumo.network.subnets.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A router's static routes (extraroute), each with its next hop on one of the router's interface subnets. */
final class RouterRoutes {

    private RouterRoutes() {
    }

    static List<Map<String, String>> validate(Router router, List<Object> requested) {
        List<Cidr> connected = new ArrayList<>();
        for (Port leg : RouterInterfaces.interfaces(router)) {
            for (IpAllocation allocation : IpAllocation.ofPort(leg.id)) {
                connected.add(((Subnet) Subnet.findById(allocation.subnetId)).prefix());
            }
        }
        List<Map<String, String>> routes = new ArrayList<>();
        for (Object item : requested) {
            if (!(item instanceof Map<?, ?> route) || !(route.get("destination") instanceof String destination)
                    || !(route.get("nexthop") instanceof String nexthop)) {
                throw invalid(item, "a route is {\"destination\": cidr, \"nexthop\": address}");
            }
            Cidr to = Cidr.parse(destination).orElseThrow(() -> invalid(item, destination + " is not a valid CIDR"));
            IpAddress via = IpAddress.parse(nexthop).orElseThrow(() -> invalid(item, nexthop + " is not a valid address"));
            if (connected.stream().noneMatch(cidr -> cidr.contains(via))) {
                throw invalid(item, "the nexthop is not connected with router");
            }
            Map<String, String> normalized = new LinkedHashMap<>();
            normalized.put("destination", to.masked().toString());
            normalized.put("nexthop", via.toString());
            if (routes.contains(normalized)) {
                throw invalid(item, "duplicate route");
            }
            routes.add(normalized);
        }
        return routes;
    }

    private static NeutronError invalid(Object route, String reason) {
        return new NeutronError(400, "InvalidRoutes", "Invalid format for routes: " + route + ", " + reason + ".");
    }
}
