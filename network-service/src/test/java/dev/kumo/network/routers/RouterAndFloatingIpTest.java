package dev.kumo.network.routers;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static dev.kumo.network.Neutron.post;
import static dev.kumo.network.Neutron.put;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.kumo.network.Neutron;
import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routers (gateway, interfaces) and the floating IPs they make reachable. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class RouterAndFloatingIpTest {

    private String external;
    private String externalSubnet;

    @BeforeEach
    void anExternalNetwork() {
        external = Neutron.network(Tokens.admin(), Map.of("name", "public-" + System.nanoTime(), "router:external", true));
        externalSubnet = Neutron.subnet(Tokens.admin(), external, "198.51." + (int) (System.nanoTime() % 200) + ".0/24");
    }

    @Test
    void aRouterWithAGatewayAndAnInterfaceMakesAPortReachableByAFloatingIp() {
        String network = Neutron.network(Tokens.alice(), "app");
        String subnet = Neutron.subnet(Tokens.alice(), network, "10.100.0.0/24");
        String router = post(Tokens.alice(), "/v2.0/routers", "router",
                Map.of("name", "r1", "external_gateway_info", Map.of("network_id", external)))
                .statusCode(201)
                .body("router.external_gateway_info.network_id", equalTo(external))
                .body("router.external_gateway_info.enable_snat", equalTo(true))
                .body("router.external_gateway_info.external_fixed_ips[0].subnet_id", equalTo(externalSubnet))
                .extract().path("router.id");

        String interfacePort = as(Tokens.alice()).body(Map.of("subnet_id", subnet))
                .put("/v2.0/routers/" + router + "/add_router_interface").then().statusCode(200)
                .body("subnet_id", equalTo(subnet)).body("id", equalTo(router))
                .extract().path("port_id");
        as(Tokens.alice()).get("/v2.0/ports/" + interfacePort).then()
                .body("port.device_owner", equalTo("network:router_interface"))
                .body("port.fixed_ips[0].ip_address", equalTo("10.100.0.1"));
        error(as(Tokens.alice()).delete("/v2.0/ports/" + interfacePort).then(), 409, "ServicePortInUse");
        put(Tokens.alice(), "/v2.0/routers/" + router, "router",
                Map.of("routes", List.of(Map.of("destination", "10.200.0.0/24", "nexthop", "10.100.0.5"))))
                .statusCode(200).body("router.routes[0].nexthop", equalTo("10.100.0.5"));
        error(put(Tokens.alice(), "/v2.0/routers/" + router, "router",
                Map.of("routes", List.of(Map.of("destination", "10.201.0.0/24", "nexthop", "172.16.0.1")))), 400, "InvalidRoutes");
        put(Tokens.alice(), "/v2.0/routers/" + router, "router", Map.of("name", "r1", "routes", List.of()))
                .statusCode(200).body("router.routes", equalTo(List.of()));

        String server = Neutron.port(Tokens.alice(), network);
        String floatingIp = post(Tokens.alice(), "/v2.0/floatingips", "floatingip",
                Map.of("floating_network_id", external, "port_id", server))
                .statusCode(201)
                .body("floatingip.floating_ip_address", startsWith("198.51."))
                .body("floatingip.fixed_ip_address", equalTo("10.100.0.2"))
                .body("floatingip.router_id", equalTo(router))
                .body("floatingip.port_id", equalTo(server))
                .extract().path("floatingip.id");

        error(as(Tokens.alice()).body(Map.of("subnet_id", subnet)).put("/v2.0/routers/" + router + "/remove_router_interface")
                .then(), 409, "RouterInterfaceInUseByFloatingIP");
        Map<String, Object> disassociate = new HashMap<>();
        disassociate.put("port_id", null);
        put(Tokens.alice(), "/v2.0/floatingips/" + floatingIp, "floatingip", disassociate).statusCode(200)
                .body("floatingip.port_id", nullValue()).body("floatingip.router_id", nullValue());
        error(as(Tokens.alice()).delete("/v2.0/routers/" + router).then(), 409, "RouterInUse");
        as(Tokens.alice()).body(Map.of("subnet_id", subnet)).put("/v2.0/routers/" + router + "/remove_router_interface")
                .then().statusCode(200).body("port_id", equalTo(interfacePort));
        error(as(Tokens.alice()).get("/v2.0/ports/" + interfacePort).then(), 404, "PortNotFound");
        as(Tokens.alice()).delete("/v2.0/floatingips/" + floatingIp).then().statusCode(204);
        as(Tokens.alice()).delete("/v2.0/routers/" + router).then().statusCode(204);
        error(as(Tokens.alice()).get("/v2.0/floatingips/" + floatingIp).then(), 404, "FloatingIPNotFound");
    }

    @Test
    void aFloatingIpNeedsARouterBetweenItsNetworkAndThePortsSubnet() {
        String network = Neutron.network(Tokens.alice(), "unrouted");
        Neutron.subnet(Tokens.alice(), network, "10.101.0.0/24");
        String port = Neutron.port(Tokens.alice(), network);
        String floatingIp = post(Tokens.alice(), "/v2.0/floatingips", "floatingip", Map.of("floating_network_id", external))
                .statusCode(201).body("floatingip.port_id", nullValue()).body("floatingip.status", equalTo("DOWN"))
                .extract().path("floatingip.id");
        error(put(Tokens.alice(), "/v2.0/floatingips/" + floatingIp, "floatingip", Map.of("port_id", port)),
                404, "ExternalGatewayForFloatingIPNotFound");
        error(as(Tokens.bob()).get("/v2.0/floatingips/" + floatingIp).then(), 404, "FloatingIPNotFound");
    }

    @Test
    void floatingIpsComeOnlyFromExternalNetworksAndGatewaysOnlyGoThere() {
        String internal = Neutron.network(Tokens.alice(), "internal");
        error(post(Tokens.alice(), "/v2.0/floatingips", "floatingip", Map.of("floating_network_id", internal)),
                400, "HTTPBadRequest");
        error(post(Tokens.alice(), "/v2.0/routers", "router",
                Map.of("external_gateway_info", Map.of("network_id", internal))), 400, "HTTPBadRequest");
        error(post(Tokens.alice(), "/v2.0/routers", "router",
                Map.of("external_gateway_info", Map.of("network_id", external, "enable_snat", false))), 403, "PolicyNotAuthorized");
    }

    @Test
    void anotherProjectsRouterIs404() {
        String router = post(Tokens.alice(), "/v2.0/routers", "router", Map.of("name", "mine")).statusCode(201)
                .extract().path("router.id");
        error(as(Tokens.bob()).get("/v2.0/routers/" + router).then(), 404, "RouterNotFound");
        error(as(Tokens.bob()).body(Map.of("subnet_id", external)).put("/v2.0/routers/" + router + "/add_router_interface")
                .then(), 404, "RouterNotFound");
        put(Tokens.alice(), "/v2.0/routers/" + router, "router", Map.of("external_gateway_info", Map.of("network_id", external)))
                .statusCode(200).body("router.external_gateway_info.network_id", equalTo(external));
        Map<String, Object> clear = new HashMap<>();
        clear.put("external_gateway_info", null);
        put(Tokens.alice(), "/v2.0/routers/" + router, "router", clear).statusCode(200)
                .body("router.external_gateway_info", nullValue());
        as(Tokens.admin()).get("/v2.0/ports?device_id=" + router).then().body("ports", equalTo(List.of()));
    }

    @Test
    void deletingAnExternalNetworkTakesItsFloatingIpsAlong() {
        String floatingIp = post(Tokens.admin(), "/v2.0/floatingips", "floatingip", Map.of("floating_network_id", external))
                .statusCode(201).extract().path("floatingip.id");
        as(Tokens.admin()).delete("/v2.0/networks/" + external).then().statusCode(204);
        error(as(Tokens.admin()).get("/v2.0/floatingips/" + floatingIp).then(), 404, "FloatingIPNotFound");
    }
}
