package dev.kumo.network.subnets;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static dev.kumo.network.Neutron.post;
import static dev.kumo.network.Neutron.put;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.MatcherAssert.assertThat;

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
import org.junit.jupiter.api.Test;

/** Subnets: Neutron's defaults and its checks of CIDR, gateway, pools, name servers, routes and IPv6 modes. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SubnetApiTest {

    @Test
    void anIpv4SubnetGetsTheFirstAddressAsGatewayAndTheRestAsItsPool() {
        String network = Neutron.network(Tokens.alice(), "v4");
        String subnet = Neutron.subnet(Tokens.alice(), network, "192.168.10.0/24");

        as(Tokens.alice()).get("/v2.0/subnets/" + subnet).then().statusCode(200)
                .body("subnet.gateway_ip", equalTo("192.168.10.1"))
                .body("subnet.allocation_pools", equalTo(List.of(Map.of("start", "192.168.10.2", "end", "192.168.10.254"))))
                .body("subnet.enable_dhcp", equalTo(true))
                .body("subnet.ip_version", equalTo(4))
                .body("subnet.network_id", equalTo(network));
        as(Tokens.alice()).get("/v2.0/networks/" + network).then().body("network.subnets", contains(subnet));
    }

    @Test
    void anIpv6SubnetWithSlaacAndNameServersAndRoutes() {
        String network = Neutron.network(Tokens.alice(), "v6");
        post(Tokens.alice(), "/v2.0/subnets", "subnet", Map.of("network_id", network, "ip_version", 6,
                "cidr", "2001:db8:1::/64", "ipv6_ra_mode", "slaac", "ipv6_address_mode", "slaac",
                "dns_nameservers", List.of("2001:4860:4860:0:0:0:0:8888"),
                "host_routes", List.of(Map.of("destination", "2001:db8:2::/64", "nexthop", "2001:db8:1::fe"))))
                .statusCode(201)
                .body("subnet.gateway_ip", equalTo("2001:db8:1::1"))
                .body("subnet.allocation_pools[0].start", equalTo("2001:db8:1::2"))
                .body("subnet.allocation_pools[0].end", equalTo("2001:db8:1:0:ffff:ffff:ffff:ffff"))
                .body("subnet.dns_nameservers", contains("2001:4860:4860::8888"))
                .body("subnet.host_routes[0].nexthop", equalTo("2001:db8:1::fe"))
                .body("subnet.ipv6_address_mode", equalTo("slaac"));
    }

    @Test
    void aGatewayInsideTheGivenPoolsIs409AndNoGatewayIsAllowed() {
        String network = Neutron.network(Tokens.alice(), "gw");
        error(post(Tokens.alice(), "/v2.0/subnets", "subnet", Map.of("network_id", network, "ip_version", 4,
                "cidr", "10.40.0.0/24", "gateway_ip", "10.40.0.20",
                "allocation_pools", List.of(Map.of("start", "10.40.0.10", "end", "10.40.0.30")))),
                409, "GatewayConflictWithAllocationPools");
        Map<String, Object> noGateway = new HashMap<>(Map.of("network_id", network, "ip_version", 4, "cidr", "10.40.1.0/24"));
        noGateway.put("gateway_ip", null);
        post(Tokens.alice(), "/v2.0/subnets", "subnet", noGateway).statusCode(201)
                .body("subnet.gateway_ip", nullValue())
                .body("subnet.allocation_pools[0].start", equalTo("10.40.1.1"));
    }

    @Test
    void overlappingCidrsOnOneNetworkAreRefusedButFineOnAnother() {
        String network = Neutron.network(Tokens.alice(), "overlap");
        Neutron.subnet(Tokens.alice(), network, "10.50.0.0/16");
        String message = error(post(Tokens.alice(), "/v2.0/subnets", "subnet",
                Map.of("network_id", network, "ip_version", 4, "cidr", "10.50.3.0/24")), 400, "InvalidInput");
        assertThat(message, containsString("overlaps with another subnet"));
        Neutron.subnet(Tokens.bob(), Neutron.network(Tokens.bob(), "elsewhere"), "10.50.3.0/24");
    }

    @Test
    void invalidAddressingIs400() {
        String network = Neutron.network(Tokens.alice(), "invalid");
        String[][] cases = {
            {"4", "10.0.0.0/33"}, {"4", "not-a-cidr"}, {"6", "10.60.0.0/24"}, {"4", "10.60.0.5/24"}, {"5", "10.60.0.0/24"},
        };
        for (String[] invalid : cases) {
            int status = post(Tokens.alice(), "/v2.0/subnets", "subnet",
                    Map.of("network_id", network, "ip_version", Integer.parseInt(invalid[0]), "cidr", invalid[1]))
                    .extract().statusCode();
            org.junit.jupiter.api.Assertions.assertEquals(400, status, String.join(" ", invalid));
        }
        error(post(Tokens.alice(), "/v2.0/subnets", "subnet", Map.of("network_id", network, "ip_version", 4,
                "cidr", "10.61.0.0/24", "allocation_pools", List.of(Map.of("start", "10.61.0.10", "end", "10.61.1.5")))),
                400, "HTTPBadRequest");
        error(post(Tokens.alice(), "/v2.0/subnets", "subnet", Map.of("network_id", network, "ip_version", 4,
                "cidr", "10.62.0.0/24", "dns_nameservers", List.of("8.8.8.8", "8.8.8.8"))), 400, "HTTPBadRequest");
        error(post(Tokens.alice(), "/v2.0/subnets", "subnet", Map.of("network_id", network, "ip_version", 4,
                "cidr", "10.63.0.0/24", "ipv6_address_mode", "slaac")), 400, "InvalidInput");
        error(post(Tokens.alice(), "/v2.0/subnets", "subnet", Map.of("ip_version", 4, "cidr", "10.64.0.0/24")),
                400, "HTTPBadRequest");
        as(Tokens.alice()).get("/v2.0/networks/" + network).then().body("network.subnets.size()", equalTo(0));
    }

    @Test
    void onlyTheNetworksOwnerAddsSubnetsAndOthersSee404() {
        String alices = Neutron.network(Tokens.alice(), "owned");
        error(post(Tokens.bob(), "/v2.0/subnets", "subnet",
                Map.of("network_id", alices, "ip_version", 4, "cidr", "10.70.0.0/24")), 404, "NetworkNotFound");
        String subnet = Neutron.subnet(Tokens.alice(), alices, "10.70.0.0/24");
        error(as(Tokens.bob()).get("/v2.0/subnets/" + subnet).then(), 404, "SubnetNotFound");
    }

    @Test
    void aSubnetIsUpdatedAndCannotBeDeletedWhileAPortHasAnAddressOnIt() {
        String network = Neutron.network(Tokens.alice(), "update");
        String subnet = Neutron.subnet(Tokens.alice(), network, "10.80.0.0/24");
        put(Tokens.alice(), "/v2.0/subnets/" + subnet, "subnet", Map.of("name", "renamed", "dns_nameservers", List.of("1.1.1.1")))
                .statusCode(200).body("subnet.name", equalTo("renamed")).body("subnet.dns_nameservers", contains("1.1.1.1"));
        error(put(Tokens.alice(), "/v2.0/subnets/" + subnet, "subnet", Map.of("cidr", "10.81.0.0/24")), 400, "HTTPBadRequest");

        String port = Neutron.port(Tokens.alice(), network);
        error(as(Tokens.alice()).delete("/v2.0/subnets/" + subnet).then(), 409, "SubnetInUse");
        as(Tokens.alice()).delete("/v2.0/ports/" + port).then().statusCode(204);
        as(Tokens.alice()).delete("/v2.0/subnets/" + subnet).then().statusCode(204);
    }

    @Test
    void theSubnetsOfASharedNetworkAreVisibleToAllButThoseOfAnUnsharedExternalOneAreNot() {
        String shared = Neutron.network(Tokens.admin(), Map.of("name", "shared-v", "shared", true));
        String external = Neutron.network(Tokens.admin(), Map.of("name", "external-v", "router:external", true));
        String sharedSubnet = Neutron.subnet(Tokens.admin(), shared, "10.110.0.0/24");
        String externalSubnet = Neutron.subnet(Tokens.admin(), external, "10.111.0.0/24");

        as(Tokens.bob()).get("/v2.0/subnets/" + sharedSubnet).then().statusCode(200);
        error(as(Tokens.bob()).get("/v2.0/subnets/" + externalSubnet).then(), 404, "SubnetNotFound");
        as(Tokens.bob()).get("/v2.0/subnets?network_id=" + external).then().body("subnets", org.hamcrest.Matchers.empty());
    }
}
