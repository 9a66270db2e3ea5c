package dev.kumo.network.ports;

import dev.kumo.network.api.Timestamps;
import dev.kumo.network.ipam.IpAllocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A port as Neutron writes it; the binding attributes only for admins, as Neutron's policy has it. */
public final class PortView {

    private PortView() {
    }

    public static Map<String, Object> of(Port port, List<IpAllocation> fixedIps, List<String> tags, boolean admin) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", port.id.toString());
        view.put("name", port.name);
        view.put("network_id", port.networkId.toString());
        view.put("tenant_id", port.projectId);
        view.put("project_id", port.projectId);
        view.put("mac_address", port.macAddress);
        view.put("admin_state_up", port.adminStateUp);
        view.put("status", port.status);
        view.put("device_id", port.deviceId);
        view.put("device_owner", port.deviceOwner);
        view.put("fixed_ips", fixedIps.stream().map(PortView::fixedIp).toList());
        view.put("allowed_address_pairs", port.allowedAddressPairs);
        view.put("extra_dhcp_opts", List.of());
        view.put("security_groups", port.securityGroups.stream().map(UUID::toString).sorted().toList());
        view.put("port_security_enabled", port.portSecurityEnabled);
        view.put("description", port.description);
        view.put("binding:vnic_type", port.bindingVnicType);
        if (admin) {
            view.put("binding:host_id", port.bindingHostId);
            view.put("binding:profile", Map.of());
            view.put("binding:vif_type", port.bindingHostId.isEmpty() ? "unbound" : "bridge");
            view.put("binding:vif_details", Map.of());
        }
        view.put("tags", tags);
        view.put("created_at", Timestamps.format(port.createdAt));
        view.put("updated_at", Timestamps.format(port.updatedAt));
        view.put("revision_number", port.revisionNumber);
        return view;
    }

    private static Map<String, String> fixedIp(IpAllocation allocation) {
        Map<String, String> fixedIp = new LinkedHashMap<>();
        fixedIp.put("subnet_id", allocation.subnetId.toString());
        fixedIp.put("ip_address", allocation.ipAddress);
        return fixedIp;
    }
}
