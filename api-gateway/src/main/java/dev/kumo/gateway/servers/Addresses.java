package dev.kumo.gateway.servers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's {@code addresses}: its ports' IPs keyed by network name, in the order of its interfaces, each network's
 * fixed IPs first and then its ports' floating IPs, as Nova lists them. The server views add Nova's
 * {@code OS-EXT-IPS:type} ({@code fixed} or {@code floating}) and {@code OS-EXT-IPS-MAC:mac_addr} (the port's, for a
 * floating IP too); {@code /ips} shows version and address only.
 */
final class Addresses {

    private Addresses() {
    }

    static Map<String, List<Map<String, Object>>> of(Instance instance, boolean extended) {
        Map<String, List<Map<String, Object>>> byNetwork = new LinkedHashMap<>();
        for (InstancePort port : instance.ports) {
            List<Map<String, Object>> addresses = byNetwork.computeIfAbsent(port.networkName, n -> new ArrayList<>());
            port.addresses().forEach(ip -> addresses.add(address(ip, "fixed", port, extended)));
        }
        if (!instance.floatingIps.isEmpty()) {
            for (InstancePort port : instance.ports) {
                String floating = instance.floatingIps.get(port.portId);
                if (floating != null) {
                    for (String ip : floating.split(",")) {
                        byNetwork.get(port.networkName).add(address(ip, "floating", port, extended));
                    }
                }
            }
        }
        return byNetwork;
    }

    private static Map<String, Object> address(String ip, String type, InstancePort port, boolean extended) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("version", ip.contains(":") ? 6 : 4);
        address.put("addr", ip);
        if (extended) {
            address.put("OS-EXT-IPS:type", type);
            address.put("OS-EXT-IPS-MAC:mac_addr", port.macAddress);
        }
        return address;
    }
}
