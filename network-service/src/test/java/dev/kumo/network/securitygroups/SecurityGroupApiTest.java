package dev.kumo.network.securitygroups;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static dev.kumo.network.Neutron.post;
import static dev.kumo.network.Neutron.put;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

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

/** Security groups: the default group, rules and Neutron's validation of them, isolation. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SecurityGroupApiTest {

    @Test
    void aProjectsDefaultGroupAppearsOnFirstSightWithNeutronsDefaultRules() {
        String fresh = Tokens.memberOfNewProject(java.util.UUID.randomUUID().toString().replace("-", ""));
        List<Map<String, Object>> groups = as(fresh).get("/v2.0/security-groups").then().statusCode(200)
                .body("security_groups.name", equalTo(List.of("default")))
                .extract().path("security_groups");
        String id = (String) groups.get(0).get("id");
        as(fresh).get("/v2.0/security-groups/" + id).then().statusCode(200)
                .body("security_group.security_group_rules.direction", containsInAnyOrder("egress", "egress", "ingress", "ingress"))
                .body("security_group.security_group_rules.ethertype", containsInAnyOrder("IPv4", "IPv6", "IPv4", "IPv6"))
                .body("security_group.security_group_rules.findAll { it.direction == 'ingress' }.remote_group_id",
                        equalTo(List.of(id, id)));
        as(fresh).get("/v2.0/security-groups").then().body("security_groups.size()", equalTo(1));
        error(as(fresh).delete("/v2.0/security-groups/" + id).then(), 409, "SecurityGroupCannotRemoveDefault");
        error(put(fresh, "/v2.0/security-groups/" + id, "security_group", Map.of("name", "x")), 409,
                "SecurityGroupCannotUpdateDefault");
    }

    @Test
    void aGroupGetsRulesAndRefusesADuplicate() {
        String group = post(Tokens.alice(), "/v2.0/security-groups", "security_group", Map.of("name", "web"))
                .statusCode(201).body("security_group.security_group_rules.direction", equalTo(List.of("egress", "egress")))
                .extract().path("security_group.id");
        Map<String, Object> ssh = Map.of("security_group_id", group, "direction", "ingress", "protocol", "tcp",
                "port_range_min", 22, "port_range_max", 22, "remote_ip_prefix", "203.0.113.7/24");
        post(Tokens.alice(), "/v2.0/security-group-rules", "security_group_rule", ssh).statusCode(201)
                .body("security_group_rule.remote_ip_prefix", equalTo("203.0.113.0/24"))
                .body("security_group_rule.ethertype", equalTo("IPv4"));
        error(post(Tokens.alice(), "/v2.0/security-group-rules", "security_group_rule", ssh), 409, "SecurityGroupRuleExists");
        as(Tokens.alice()).get("/v2.0/security-group-rules?security_group_id=" + group).then()
                .body("security_group_rules.size()", equalTo(3));
    }

    @Test
    void invalidRulesAre400WithNeutronsReason() {
        String group = post(Tokens.alice(), "/v2.0/security-groups", "security_group", Map.of("name", "strict"))
                .statusCode(201).extract().path("security_group.id");
        Object[][] cases = {
            {Map.of("direction", "sideways"), "HTTPBadRequest"},
            {Map.of("direction", "ingress", "ethertype", "IPv5"), "SecurityGroupRuleInvalidEtherType"},
            {Map.of("direction", "ingress", "protocol", "carrier-pigeon"), "SecurityGroupRuleInvalidProtocol"},
            {Map.of("direction", "ingress", "protocol", "tcp", "port_range_min", 90, "port_range_max", 80), "SecurityGroupInvalidPortRange"},
            {Map.of("direction", "ingress", "port_range_min", 80, "port_range_max", 80), "SecurityGroupProtocolRequiredWithPorts"},
            {Map.of("direction", "ingress", "protocol", "icmp", "port_range_min", 300), "SecurityGroupInvalidIcmpValue"},
            {Map.of("direction", "ingress", "protocol", "tcp", "port_range_min", -16, "port_range_max", 80), "SecurityGroupInvalidPortValue"},
            {Map.of("direction", "ingress", "protocol", "tcp", "port_range_min", 80, "port_range_max", 65536), "SecurityGroupInvalidPortValue"},
            {Map.of("direction", "ingress", "protocol", "gre", "port_range_min", 1, "port_range_max", 2), "SecurityGroupInvalidProtocolForPort"},
            {Map.of("direction", "ingress", "remote_ip_prefix", "::/0"), "SecurityGroupRuleParameterConflict"},
            {Map.of("direction", "ingress", "remote_ip_prefix", "10.0.0.0/8", "remote_group_id", group), "SecurityGroupRemoteGroupAndRemoteIpPrefix"},
        };
        for (Object[] invalid : cases) {
            Map<String, Object> rule = new HashMap<>((Map<String, Object>) invalid[0]);
            rule.put("security_group_id", group);
            error(post(Tokens.alice(), "/v2.0/security-group-rules", "security_group_rule", rule), 400, (String) invalid[1]);
        }
        as(Tokens.alice()).get("/v2.0/security-groups/" + group).then().body("security_group.security_group_rules.size()", equalTo(2));
    }

    @Test
    void anotherProjectsGroupIs404AndAGroupInUseCannotBeDeleted() {
        String group = post(Tokens.alice(), "/v2.0/security-groups", "security_group", Map.of("name", "used"))
                .statusCode(201).extract().path("security_group.id");
        error(as(Tokens.bob()).get("/v2.0/security-groups/" + group).then(), 404, "SecurityGroupNotFound");
        as(Tokens.bob()).get("/v2.0/security-groups").then().body("security_groups.id", not(hasItem(group)));
        error(post(Tokens.bob(), "/v2.0/security-group-rules", "security_group_rule",
                Map.of("security_group_id", group, "direction", "ingress")), 404, "SecurityGroupNotFound");
        error(post(Tokens.alice(), "/v2.0/security-group-rules", "security_group_rule",
                Map.of("security_group_id", group, "direction", "ingress", "remote_group_id", "bad_group_id")),
                404, "SecurityGroupNotFound");

        String network = Neutron.network(Tokens.alice(), "sg-net");
        String port = post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network, "security_groups", List.of(group)))
                .statusCode(201).extract().path("port.id");
        error(as(Tokens.alice()).delete("/v2.0/security-groups/" + group).then(), 409, "SecurityGroupInUse");
        put(Tokens.alice(), "/v2.0/ports/" + port, "port", Map.of("security_groups", List.of())).statusCode(200);
        as(Tokens.alice()).delete("/v2.0/security-groups/" + group).then().statusCode(204);
    }

    @Test
    void anAdminListingAProjectsGroupsMakesThatProjectsDefaultGroup() {
        String project = java.util.UUID.randomUUID().toString().replace("-", "");
        as(Tokens.admin()).get("/v2.0/security-groups?project_id=" + project).then().statusCode(200)
                .body("security_groups.name", equalTo(List.of("default")))
                .body("security_groups[0].project_id", equalTo(project));
    }
}
