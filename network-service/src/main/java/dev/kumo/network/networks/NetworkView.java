package dev.kumo.network.networks;

import dev.kumo.network.api.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A network as Neutron writes it. */
final class NetworkView {

    private NetworkView() {
    }

    static Map<String, Object> of(Network network, List<UUID> subnets, List<String> tags) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", network.id.toString());
        view.put("name", network.name);
        view.put("tenant_id", network.projectId);
        view.put("project_id", network.projectId);
        view.put("admin_state_up", network.adminStateUp);
        view.put("status", network.status);
        view.put("subnets", subnets.stream().map(UUID::toString).toList());
        view.put("shared", network.shared);
        view.put("router:external", network.external);
        view.put("mtu", network.mtu);
        view.put("port_security_enabled", network.portSecurityEnabled);
        view.put("availability_zone_hints", List.of());
        view.put("availability_zones", List.of("nova"));
        view.put("ipv4_address_scope", null);
        view.put("ipv6_address_scope", null);
        view.put("description", network.description);
        view.put("tags", tags);
        view.put("created_at", Timestamps.format(network.createdAt));
        view.put("updated_at", Timestamps.format(network.updatedAt));
        view.put("revision_number", network.revisionNumber);
        return view;
    }
}
