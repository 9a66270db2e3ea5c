package dev.kumo.network.subnets;

import dev.kumo.network.api.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A subnet as Neutron writes it. */
final class SubnetView {

    private SubnetView() {
    }

    static Map<String, Object> of(Subnet subnet, List<String> tags) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subnet.id.toString());
        view.put("name", subnet.name);
        view.put("tenant_id", subnet.projectId);
        view.put("project_id", subnet.projectId);
        view.put("network_id", subnet.networkId.toString());
        view.put("ip_version", subnet.ipVersion);
        view.put("cidr", subnet.cidr);
        view.put("gateway_ip", subnet.gatewayIp);
        view.put("allocation_pools", subnet.allocationPools);
        view.put("dns_nameservers", subnet.dnsNameservers);
        view.put("host_routes", subnet.hostRoutes);
        view.put("enable_dhcp", subnet.enableDhcp);
        view.put("ipv6_ra_mode", subnet.ipv6RaMode);
        view.put("ipv6_address_mode", subnet.ipv6AddressMode);
        view.put("subnetpool_id", null);
        view.put("service_types", List.of());
        view.put("description", subnet.description);
        view.put("tags", tags);
        view.put("created_at", Timestamps.format(subnet.createdAt));
        view.put("updated_at", Timestamps.format(subnet.updatedAt));
        view.put("revision_number", subnet.revisionNumber);
        return view;
    }
}
