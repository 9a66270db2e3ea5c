package dev.kumo.network.securitygroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.PortRule.Direction;
import dev.kumo.contracts.instance.PortRule.Ethertype;
import dev.kumo.network.securitygroups.PortRules.GroupRule;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PortRulesTest {

    private static final UUID WEB = UUID.randomUUID();
    private static final UUID DB = UUID.randomUUID();

    @Test
    void aRuleWithoutRemoteGroupIsSentAsItIs() {
        GroupRule ssh = new GroupRule("ingress", "IPv4", "tcp", 22, 22, "192.0.2.0/24", null);
        GroupRule out = new GroupRule("egress", "IPv6", null, null, null, null, null);

        assertEquals(List.of(new PortRule(Direction.INGRESS, Ethertype.IPv4, "tcp", 22, 22, "192.0.2.0/24"),
                PortRule.any(Direction.EGRESS, Ethertype.IPv6)),
                PortRules.resolve(List.of(WEB), Map.of(WEB, List.of(ssh, out)), Map.of()));
    }

    @Test
    void aRemoteGroupBecomesOneRulePerMemberAddressOfTheRulesEthertype() {
        GroupRule fromDb4 = new GroupRule("ingress", "IPv4", "icmp", 8, null, null, DB);
        GroupRule fromDb6 = new GroupRule("ingress", "IPv6", null, null, null, null, DB);
        Map<UUID, List<String>> members = Map.of(DB, List.of("10.0.0.5", "2001:db8::5", "10.0.0.6"));

        assertEquals(List.of(new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", 8, null, "10.0.0.5/32"),
                new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", 8, null, "10.0.0.6/32"),
                new PortRule(Direction.INGRESS, Ethertype.IPv6, null, null, null, "2001:db8::5/128")),
                PortRules.resolve(List.of(WEB), Map.of(WEB, List.of(fromDb4, fromDb6)), members));
    }

    @Test
    void aRemoteGroupWithoutMembersAdmitsNothing() {
        GroupRule fromDb = new GroupRule("ingress", "IPv4", null, null, null, null, DB);

        assertEquals(List.of(), PortRules.resolve(List.of(WEB), Map.of(WEB, List.of(fromDb)), Map.of()));
    }

    @Test
    void theRulesOfEveryGroupOfThePortAreSentGroupAfterGroup() {
        GroupRule web = new GroupRule("ingress", "IPv4", "tcp", 80, 80, null, null);
        GroupRule db = new GroupRule("ingress", "IPv4", "tcp", 5432, 5432, "10.0.0.0/24", null);

        assertEquals(List.of(new PortRule(Direction.INGRESS, Ethertype.IPv4, "tcp", 80, 80, null),
                new PortRule(Direction.INGRESS, Ethertype.IPv4, "tcp", 5432, 5432, "10.0.0.0/24")),
                PortRules.resolve(List.of(WEB, DB), Map.of(WEB, List.of(web), DB, List.of(db)), Map.of()));
    }

    @Test
    void aPortWithoutGroupsGetsNoRules() {
        assertEquals(List.of(), PortRules.resolve(List.of(), Map.of(WEB, List.of(
                new GroupRule("egress", "IPv4", null, null, null, null, null))), Map.of()));
    }
}
