package dev.kumo.gateway.networks;

import com.fasterxml.jackson.databind.JsonNode;

/** A Neutron port as the compute API needs it: whose it is and whether a device already uses it. */
public record Port(String id, String networkId, String projectId, String deviceId) {

    static Port of(JsonNode port) {
        return new Port(port.path("id").asText(), port.path("network_id").asText(),
                port.path("project_id").asText(port.path("tenant_id").asText("")), port.path("device_id").asText(""));
    }

    public boolean inUse() {
        return !deviceId.isEmpty();
    }
}
