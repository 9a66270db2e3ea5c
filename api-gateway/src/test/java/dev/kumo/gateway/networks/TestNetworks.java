package dev.kumo.gateway.networks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Neutron as the gateway's tests see it: the OIDC stand-in's WireMock server answers network, port and security
 * group lookups. By default a project has no networks and no security groups but its default one; a test adds
 * what it needs.
 */
public final class TestNetworks {

    private TestNetworks() {
    }

    public static void serve(WireMockServer server) {
        list(server, "/auth/v2.0/networks", "networks", "");
        list(server, "/auth/v2.0/security-groups", "security_groups", "");
    }

    /** The network answers lookups by id, and lists of the project's networks show it. */
    public static void network(WireMockServer server, String id, String name, String projectId) {
        String network = networkJson(id, name, projectId);
        server.stubFor(get(urlPathEqualTo("/auth/v2.0/networks/" + id)).willReturn(json("{\"network\": "
                + network + "}")));
        list(server, "/auth/v2.0/networks", "networks", network);
    }

    /** The project's network lists show exactly these networks (as JSON objects). */
    public static void networks(WireMockServer server, String... networks) {
        list(server, "/auth/v2.0/networks", "networks", String.join(", ", networks));
    }

    public static String networkJson(String id, String name, String projectId) {
        return "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"project_id\": \"" + projectId
                + "\", \"shared\": false, \"router:external\": false, \"status\": \"ACTIVE\"}";
    }

    public static void port(WireMockServer server, String id, String networkId, String deviceId) {
        server.stubFor(get(urlPathEqualTo("/auth/v2.0/ports/" + id)).willReturn(json("{\"port\": {\"id\": \"" + id
                + "\", \"network_id\": \"" + networkId + "\", \"device_id\": \"" + deviceId + "\"}}")));
    }

    /** Lookups of the group by name find it; other names still find nothing. */
    public static void securityGroup(WireMockServer server, String id, String name) {
        server.stubFor(get(urlPathEqualTo("/auth/v2.0/security-groups")).withQueryParam("name", equalTo(name))
                .willReturn(json("{\"security_groups\": [{\"id\": \"" + id + "\", \"name\": \"" + name
                        + "\"}]}")));
    }

    private static void list(WireMockServer server, String path, String key, String items) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(json("{\"" + key + "\": [" + items + "]}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
