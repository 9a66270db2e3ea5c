package dev.kumo.gateway.servers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's {@code addresses}: its ports' IPs keyed by network name, in the order of its interfaces. The server
 * views add Nova's {@code OS-EXT-IPS:type} and {@code OS-EXT-IPS-MAC:mac_addr}; {@code /ips} shows version and address
 * only.
 */
final class Addresses {

    private Addresses() {
    }

    static Map<String, List<Map<String, Object>>> of(Instance instance, boolean extended) {
        Map<String, List<Map<String, Object>>> byNetwork = new LinkedHashMap<>();
        for (InstancePort port : instance.ports) {
            List<Map<String, Object>> addresses = byNetwork.computeIfAbsent(port.networkName, n -> new ArrayList<>());
            for (String ip : port.addresses()) {
                Map<String, Object> address = new LinkedHashMap<>();
                address.put("version", ip.contains(":") ? 6 : 4);
                address.put("addr", ip);
                if (extended) {
                    address.put("OS-EXT-IPS:type", "fixed");
                    address.put("OS-EXT-IPS-MAC:mac_addr", port.macAddress);
                }
                addresses.add(address);
            }
        }
        return byNetwork;
    }
}
