package dev.kumo.network.securitygroups;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.post;
import static dev.kumo.network.Neutron.put;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.UpdatePortRules;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.PortRule.Direction;
import dev.kumo.contracts.instance.PortRule.Ethertype;
import dev.kumo.network.Neutron;
import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A security-group change reaches the hosts of the ports it changes, over Kafka (a real broker): a rule created or
 * deleted, a member joining or leaving the remote group, a port's own groups replaced. Each bound server port gets
 * its whole resolved rule list, keyed by its host; an unbound port, or one no server owns, gets nothing.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PortRuleUpdatesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final PortRule ALL_OUT_V4 = PortRule.any(Direction.EGRESS, Ethertype.IPv4);
    private static final PortRule ALL_OUT_V6 = PortRule.any(Direction.EGRESS, Ethertype.IPv6);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void boundPortsGetTheirRulesAgainWhenTheirGroupsRulesOrTheRemoteGroupsMembersChange() {
        String network = Neutron.network(Tokens.alice(), "rules");
        Neutron.subnet(Tokens.alice(), network, "10.94.0.0/24");
        String web = post(Tokens.alice(), "/v2.0/security-groups", "security_group", Map.of("name", "web"))
                .statusCode(201).extract().path("security_group.id");
        UUID instanceA = UUID.randomUUID();
        String a = boundPort(network, web, instanceA.toString(), "compute:nova", "host-a");
        String b = boundPort(network, web, UUID.randomUUID().toString(), "compute:nova", "host-b");
        String unbound = post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network,
                "security_groups", List.of(web))).statusCode(201).extract().path("port.id");
        String notAServer = boundPort(network, web, UUID.randomUUID().toString(), "network:dhcp", "host-a");
        String notAnInstance = boundPort(network, web, "baremetal-7", "compute:nova", "host-a");

        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            String pingFromWeb = post(Tokens.alice(), "/v2.0/security-group-rules", "security_group_rule",
                    Map.of("security_group_id", web, "direction", "ingress", "protocol", "icmp",
                            "remote_group_id", web)).statusCode(201).extract().path("security_group_rule.id");
            Set<PortRule> withPing = rules(pings(a, b, unbound, notAServer, notAnInstance));
            UpdatePortRules toA = awaitRules(bus, a, withPing);
            assertEquals("host-a", toA.host());
            assertEquals(instanceA, toA.instanceId());
            assertEquals("host-b", awaitRules(bus, b, withPing).host());
            assertEquals(List.of("host-a"), keysOfRecordsFor(bus, a), "every message of port a is keyed by its host");

            String joining = post(Tokens.alice(), "/v2.0/ports", "port", Map.of("network_id", network,
                    "security_groups", List.of(web))).statusCode(201).extract().path("port.id");
            Set<PortRule> withJoining = rules(pings(a, b, unbound, notAServer, notAnInstance, joining));
            awaitRules(bus, a, withJoining);
            awaitRules(bus, b, withJoining);

            as(Tokens.alice()).delete("/v2.0/ports/" + joining).then().statusCode(204);
            awaitRules(bus, b, withPing);

            put(Tokens.alice(), "/v2.0/ports/" + b, "port", Map.of("security_groups", List.of())).statusCode(200);
            awaitRules(bus, b, Set.of());
            awaitRules(bus, a, rules(pings(a, unbound, notAServer, notAnInstance)));

            as(Tokens.alice()).delete("/v2.0/security-group-rules/" + pingFromWeb).then().statusCode(204);
            awaitRules(bus, a, rules(List.of()));

            assertEquals(List.of(), bus.all(UpdatePortRules.class, update -> update.portId().equals(unbound)),
                    "a port on no host gets no rules");
            assertEquals(List.of(), bus.all(UpdatePortRules.class, update -> update.portId().equals(notAServer)),
                    "a port no server owns gets no rules");
            assertEquals(List.of(), bus.all(UpdatePortRules.class, update -> update.portId().equals(notAnInstance)),
                    "a port whose device is no instance gets no rules");
        }
    }

    @Test
    void aSlaacSubnetThatGoesTakesItsAddressesOutOfTheRulesNamingTheirGroup() {
        String network = Neutron.network(Tokens.alice(), "rules-v6");
        Neutron.subnet(Tokens.alice(), network, "10.95.0.0/24");
        String slaac = Neutron.subnet(Tokens.alice(), network, "2001:db8:95::/64",
                Map.of("ipv6_address_mode", "slaac", "ipv6_ra_mode", "slaac"));
        String v6 = post(Tokens.alice(), "/v2.0/security-groups", "security_group", Map.of("name", "v6"))
                .statusCode(201).extract().path("security_group.id");
        post(Tokens.alice(), "/v2.0/security-group-rules", "security_group_rule", Map.of("security_group_id", v6,
                "direction", "ingress", "ethertype", "IPv6", "remote_group_id", v6)).statusCode(201);
        String port = boundPort(network, v6, UUID.randomUUID().toString(), "compute:nova", "host-c");
        String v6Address = Neutron.fixedIps(Tokens.admin(), port).stream().map(ip -> ip.get("ip_address"))
                .filter(address -> address.contains(":")).findFirst().orElseThrow();

        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            awaitRules(bus, port, rules(List.of(new PortRule(Direction.INGRESS, Ethertype.IPv6, null, null, null,
                    v6Address + "/128"))));

            as(Tokens.alice()).delete("/v2.0/subnets/" + slaac).then().statusCode(204);
            awaitRules(bus, port, rules(List.of()));
        }
    }

    private static String boundPort(String network, String group, String device, String owner, String host) {
        return post(Tokens.computeAgent(), "/v2.0/ports", "port", Map.of("network_id", network,
                "project_id", Tokens.ACME, "device_id", device, "device_owner", owner, "binding:host_id", host,
                "security_groups", List.of(group))).statusCode(201).extract().path("port.id");
    }

    /** The ICMP ingress rule expanded to the addresses of the given ports. */
    private static List<PortRule> pings(String... ports) {
        List<PortRule> pings = new ArrayList<>();
        for (String port : ports) {
            for (Map<String, String> ip : Neutron.fixedIps(Tokens.admin(), port)) {
                pings.add(new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", null, null,
                        ip.get("ip_address") + "/32"));
            }
        }
        return pings;
    }

    /** The group's two egress rules (every new group has them) and these. */
    private static Set<PortRule> rules(List<PortRule> more) {
        Set<PortRule> rules = new HashSet<>(more);
        rules.add(ALL_OUT_V4);
        rules.add(ALL_OUT_V6);
        return rules;
    }

    /** Waits until the newest update for the port carries exactly these rules (in any order), and returns it. */
    private static UpdatePortRules awaitRules(MessageBus bus, String port, Set<PortRule> expected) {
        UpdatePortRules[] newest = new UpdatePortRules[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<UpdatePortRules> all = bus.all(UpdatePortRules.class, update -> update.portId().equals(port));
            newest[0] = all.isEmpty() ? null : all.get(all.size() - 1);
            assertEquals(expected, newest[0] == null ? null : new HashSet<>(newest[0].rules()), "rules of " + port);
            assertEquals(expected.size(), newest[0].rules().size(), "no rule twice: " + newest[0].rules());
        });
        return newest[0];
    }

    private static List<String> keysOfRecordsFor(MessageBus bus, String port) {
        return bus.readAll(Topics.HOST_COMMANDS).stream()
                .filter(record -> bus.decode(record) instanceof UpdatePortRules update && update.portId().equals(port))
                .map(record -> record.key()).distinct().toList();
    }
}
