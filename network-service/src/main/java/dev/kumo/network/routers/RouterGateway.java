package dev.kumo.network.routers;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.floatingips.FloatingIp;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.ipam.FixedIpRequest;
import dev.kumo.network.ipam.IpAddress;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.networks.Network;
import dev.kumo.network.networks.NetworkAccess;
import dev.kumo.network.ports.Port;
import dev.kumo.network.ports.Ports;
import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A router's {@code external_gateway_info}: a port of the router's on an external network (device_owner
 * network:router_gateway), with SNAT on unless an admin turns it off.
 */
@RequestScoped
public class RouterGateway {

    private final Caller caller;
    private final NetworkAccess networks;
    private final Ports ports;

    public RouterGateway(Caller caller, NetworkAccess networks, Ports ports) {
        this.caller = caller;
        this.networks = networks;
        this.ports = ports;
    }

    /** Sets, changes or (info null) clears the gateway. */
    public void set(Router router, Object requested) {
        if (requested == null || requested instanceof Map<?, ?> empty && empty.isEmpty()) {
            clear(router);
            return;
        }
        if (!(requested instanceof Map<?, ?> info)) {
            throw NeutronError.invalidInput("external_gateway_info", "'" + requested + "' is not a dictionary");
        }
        for (Object key : info.keySet()) {
            if (!List.of("network_id", "enable_snat", "external_fixed_ips").contains(key)) {
                throw NeutronError.invalidInput("external_gateway_info", "unrecognized key '" + key + "'");
            }
        }
        if (info.get("network_id") == null) {
            throw NeutronError.invalidInput("external_gateway_info", "network_id is required");
        }
        Network network = networks.visible(Ids.parse("network_id", info.get("network_id")));
        if (!network.external) {
            throw NeutronError.badRequest("Bad router request: Network " + network.id + " is not a valid external network.");
        }
        boolean snat = router.enableSnat;
        if (info.containsKey("enable_snat")) {
            Object value = info.get("enable_snat");
            if (!(value instanceof Boolean flag)) {
                throw NeutronError.invalidInput("enable_snat", "'" + value + "' cannot be converted to boolean");
            }
            if (flag != router.enableSnat || router.externalNetworkId == null && !flag) {
                caller.requireAdmin("update_router:external_gateway_info:enable_snat");
            }
            snat = flag;
        } else if (router.externalNetworkId == null) {
            snat = true;
        }
        List<FixedIpRequest> fixedIps = null;
        if (info.get("external_fixed_ips") != null) {
            caller.requireAdmin("update_router:external_gateway_info:external_fixed_ips");
            fixedIps = fixedIps(info.get("external_fixed_ips"));
        }
        if (!network.id.equals(router.externalNetworkId) || fixedIps != null) {
            clear(router);
            Port port = Ports.blank(network.id, "");
            port.deviceOwner = Port.ROUTER_GATEWAY;
            port.deviceId = router.id.toString();
            port.portSecurityEnabled = false;
            ports.create(port, fixedIps, List.of());
            router.externalNetworkId = network.id;
        }
        router.enableSnat = snat;
    }

    public void clear(Router router) {
        if (router.externalNetworkId == null) {
            return;
        }
        if (FloatingIp.count("routerId", router.id) > 0) {
            throw NeutronError.conflict("RouterExternalGatewayInUseByFloatingIp", "Gateway cannot be updated for router "
                    + router.id + ", since a gateway to external network " + router.externalNetworkId
                    + " is required by one or more floating IPs.");
        }
        for (Port port : gatewayPorts(router)) {
            ports.delete(port);
        }
        router.externalNetworkId = null;
        router.enableSnat = true;
    }

    public static Map<String, Object> info(Router router) {
        if (router.externalNetworkId == null) {
            return null;
        }
        List<Map<String, String>> fixedIps = new ArrayList<>();
        for (Port port : gatewayPorts(router)) {
            for (IpAllocation allocation : IpAllocation.ofPort(port.id)) {
                fixedIps.add(Map.of("subnet_id", allocation.subnetId.toString(), "ip_address", allocation.ipAddress));
            }
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("network_id", router.externalNetworkId.toString());
        info.put("enable_snat", router.enableSnat);
        info.put("external_fixed_ips", fixedIps);
        return info;
    }

    static List<Port> gatewayPorts(Router router) {
        return Port.list("deviceId = ?1 and deviceOwner = ?2", router.id.toString(), Port.ROUTER_GATEWAY);
    }

    private static List<FixedIpRequest> fixedIps(Object value) {
        if (!(value instanceof List<?> entries)) {
            throw NeutronError.invalidInput("external_fixed_ips", "'" + value + "' is not a list");
        }
        List<FixedIpRequest> requests = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> fixedIp)) {
                throw NeutronError.invalidInput("external_fixed_ips", "'" + entry + "' is not a dictionary");
            }
            Object ip = fixedIp.get("ip_address");
            requests.add(new FixedIpRequest(
                    fixedIp.get("subnet_id") == null ? null : Ids.parse("subnet_id", fixedIp.get("subnet_id")),
                    ip == null ? null : IpAddress.parse(String.valueOf(ip)).orElseThrow(() ->
                            NeutronError.invalidInput("external_fixed_ips", "'" + ip + "' is not a valid IP address"))));
        }
        return requests;
    }
}
