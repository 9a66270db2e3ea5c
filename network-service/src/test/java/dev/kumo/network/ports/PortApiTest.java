package dev.kumo.network.ports;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static dev.kumo.network.Neutron.post;
import static dev.kumo.network.Neutron.put;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.kumo.network.Neutron;
import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ports: MAC addresses, fixed IPs from IPAM, security groups, binding, and who may touch them. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PortApiTest {

    @Test
    void aPortGetsANeutronMacTheFirstFreeAddressAndTheDefaultSecurityGroup() {
        String network = Neutron.network(Tokens.alice(), "ports");
        String subnet = Neutron.subnet(Tokens.alice(), network, "10.90.0.0/24");
        String defaultGroup = as(Tokens.alice()).get("/v2.0/security-groups?name=default").then().statusCode(200)
                .extract().path("security_groups[0].id");

        post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network, "name", "p1",
                "device_id", "server-1", "device_owner", "compute:nova"))
                .statusCode(201)
                .body("port.mac_address", matchesPattern("fa:16:3e(:[0-9a-f]{2}){3}"))
                .body("port.fixed_ips", equalTo(List.of(Map.of("subnet_id", subnet, "ip_address", "10.90.0.2"))))
                .body("port.security_groups", contains(defaultGroup))
                .body("port.device_id", equalTo("server-1"))
                .body("port.device_owner", equalTo("compute:nova"))
                .body("port.status", equalTo("DOWN"))
                .body("port", not(hasKey("binding:host_id")));
    }

    @Test
    void aRequestedAddressIsHonouredOnceAndASecondClaimIs409() {
        String network = Neutron.network(Tokens.alice(), "fixed");
        String subnet = Neutron.subnet(Tokens.alice(), network, "10.91.0.0/24");
        Map<String, Object> wanted = Map.of("network_id", network,
                "fixed_ips", List.of(Map.of("subnet_id", subnet, "ip_address", "10.91.0.50")));

        post(Tokens.alice(), "/v2.0/ports", "port", wanted).statusCode(201)
                .body("port.fixed_ips[0].ip_address", equalTo("10.91.0.50"));
        error(post(Tokens.alice(), "/v2.0/ports", "port", wanted), 409, "IpAddressAlreadyAllocated");
        error(post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network,
                "fixed_ips", List.of(Map.of("ip_address", "10.99.0.5")))), 400, "InvalidIpForNetwork");
        error(post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network,
                "fixed_ips", List.of(Map.of("subnet_id", subnet, "ip_address", "10.99.0.5")))), 400, "InvalidIpForSubnet");
    }

    @Test
    void aMacAddressIsUniqueOnItsNetworkOnly() {
        String network = Neutron.network(Tokens.alice(), "macs");
        String other = Neutron.network(Tokens.alice(), "macs-2");
        post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network, "mac_address", "FA:16:3E:00:00:01"))
                .statusCode(201).body("port.mac_address", equalTo("fa:16:3e:00:00:01"));
        error(post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network, "mac_address", "fa:16:3e:00:00:01")),
                409, "MacAddressInUse");
        post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", other, "mac_address", "fa:16:3e:00:00:01"))
                .statusCode(201);
        error(post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network, "mac_address", "zz:16:3e:00:00:01")),
                400, "HTTPBadRequest");
    }

    @Test
    void anIpv6SlaacSubnetGivesTheEui64AddressOfTheMacAndTakesItAlongWhenDeleted() {
        String network = Neutron.network(Tokens.alice(), "slaac");
        String subnet = Neutron.subnet(Tokens.alice(), network, "2001:db8:9::/64",
                Map.of("ipv6_address_mode", "slaac", "ipv6_ra_mode", "slaac"));
        String port = post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network, "mac_address", "fa:16:3e:12:34:56"))
                .statusCode(201).body("port.fixed_ips[0].ip_address", equalTo("2001:db8:9:0:f816:3eff:fe12:3456"))
                .extract().path("port.id");

        as(Tokens.alice()).delete("/v2.0/subnets/" + subnet).then().statusCode(204);
        as(Tokens.alice()).get("/v2.0/ports/" + port).then().body("port.fixed_ips", equalTo(List.of()));
        error(as(Tokens.alice()).delete("/v2.0/networks/" + network).then(), 409, "NetworkInUse");
    }

    @Test
    void updatingFixedIpsKeepsWhatStaysAndFreesWhatGoes() {
        String network = Neutron.network(Tokens.alice(), "update-ips");
        String subnet = Neutron.subnet(Tokens.alice(), network, "10.92.0.0/24");
        String port = Neutron.port(Tokens.alice(), network);

        put(Tokens.alice(), "/v2.0/ports/" + port, "port", Map.of("fixed_ips", List.of(
                Map.of("subnet_id", subnet), Map.of("subnet_id", subnet, "ip_address", "10.92.0.77"))))
                .statusCode(200).body("port.fixed_ips.ip_address", contains("10.92.0.2", "10.92.0.77"));
        put(Tokens.alice(), "/v2.0/ports/" + port, "port", Map.of("fixed_ips", List.of(Map.of("ip_address", "10.92.0.77"))))
                .statusCode(200).body("port.fixed_ips.ip_address", contains("10.92.0.77"));
        String second = Neutron.port(Tokens.alice(), network);
        as(Tokens.alice()).get("/v2.0/ports/" + second).then().body("port.fixed_ips[0].ip_address", equalTo("10.92.0.2"));
    }

    @Test
    void onlyAnAdminBindsAPortToAHostAndSeesTheBinding() {
        String network = Neutron.network(Tokens.alice(), "binding");
        String port = Neutron.port(Tokens.alice(), network);
        error(put(Tokens.alice(), "/v2.0/ports/" + port, "port", Map.of("binding:host_id", "host-1")), 403, "PolicyNotAuthorized");
        put(Tokens.admin(), "/v2.0/ports/" + port, "port", Map.of("binding:host_id", "host-1")).statusCode(200)
                .body("port.'binding:host_id'", equalTo("host-1")).body("port.status", equalTo("ACTIVE"));
    }

    @Test
    void anotherProjectsPortIs404AndItsPrivateNetworkTakesNoPortsFromOthers() {
        String network = Neutron.network(Tokens.alice(), "private");
        String port = Neutron.port(Tokens.alice(), network);
        error(as(Tokens.bob()).get("/v2.0/ports/" + port).then(), 404, "PortNotFound");
        error(as(Tokens.bob()).delete("/v2.0/ports/" + port).then(), 404, "PortNotFound");
        error(post(Tokens.bob(), "/v2.0/ports", "port", Map.of("network_id", network)), 404, "NetworkNotFound");
        error(post(Tokens.carol(), "/v2.0/ports", "port", Map.of("network_id", network)), 403, "PolicyNotAuthorized");
    }

    @Test
    void aPortOnASharedNetworkBelongsToTheProjectThatMadeIt() {
        String shared = Neutron.network(Tokens.admin(), Map.of("name", "shared-ports", "shared", true));
        Neutron.subnet(Tokens.admin(), shared, "10.93.0.0/24");
        post(Tokens.bob(), "/v2.0/ports", "port", Map.of("network_id", shared)).statusCode(201)
                .body("port.project_id", equalTo(Tokens.GLOBEX));
    }

    @Test
    void portsFilterByFixedIpAndDeviceId() {
        String network = Neutron.network(Tokens.alice(), "filters");
        Neutron.subnet(Tokens.alice(), network, "10.94.0.0/24");
        String port = post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network, "device_id", "vm-filter"))
                .statusCode(201).extract().path("port.id");
        as(Tokens.alice()).get("/v2.0/ports?device_id=vm-filter").then().body("ports.id", contains(port));
        as(Tokens.alice()).get("/v2.0/ports?network_id=" + network + "&fixed_ips=ip_address=10.94.0.2").then()
                .body("ports.id", contains(port));
    }
    @Test
    void portsFilterBySecurityGroupDeviceAndHostEvenForAnAdminWhoSeesEveryProject() {
        String network = Neutron.network(Tokens.alice(), "narrowed");
        Neutron.subnet(Tokens.alice(), network, "10.95.0.0/24");
        String group = post(Tokens.alice(), "/v2.0/security-groups", "security_group", Map.of("name", "narrow"))
                .statusCode(201).extract().path("security_group.id");
        String inGroup = post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network,
                "device_id", "vm-narrow-1", "security_groups", List.of(group))).statusCode(201).extract().path("port.id");
        String other = post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network,
                "device_id", "vm-narrow-2")).statusCode(201).extract().path("port.id");

        as(Tokens.alice()).get("/v2.0/ports?security_groups=" + group).then().body("ports.id", contains(inGroup));
        as(Tokens.admin()).get("/v2.0/ports?device_id=vm-narrow-2").then().body("ports.id", contains(other));
        as(Tokens.admin()).get("/v2.0/ports?device_id=vm-narrow-1&device_id=vm-narrow-2&network_id=" + network)
                .then().body("ports.id", containsInAnyOrder(inGroup, other));
        as(Tokens.bob()).get("/v2.0/ports?device_id=vm-narrow-1").then().body("ports", empty());
        as(Tokens.alice()).get("/v2.0/ports?network_id=not-a-uuid").then().statusCode(200).body("ports", empty());
    }
}
