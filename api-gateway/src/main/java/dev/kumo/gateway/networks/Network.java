package dev.kumo.gateway.networks;

import com.fasterxml.jackson.databind.JsonNode;

/** A Neutron network as the compute API needs it. */
public record Network(String id, String name, String projectId, boolean shared, boolean external) {

    static Network of(JsonNode network) {
        return new Network(network.path("id").asText(), network.path("name").asText(""),
                network.path("project_id").asText(network.path("tenant_id").asText("")),
                network.path("shared").asBoolean(false), network.path("router:external").asBoolean(false));
    }
}
