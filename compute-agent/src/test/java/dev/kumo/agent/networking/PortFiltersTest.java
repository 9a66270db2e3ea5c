package dev.kumo.agent.networking;

import static dev.kumo.agent.networking.Ports.EVERYTHING_OUT;
import static dev.kumo.agent.networking.Ports.PING_FROM_SUBNET;
import static dev.kumo.agent.networking.Ports.SSH;
import static dev.kumo.agent.networking.Ports.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import dev.kumo.contracts.instance.PortRule.Direction;
import dev.kumo.contracts.instance.PortRule.Ethertype;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortFiltersTest {

    private final HostPort web = port("0c6f9a2e-1b2c-4d3e-8f4a-5b6c7d8e9f00", "FA:16:3E:00:00:0B", "10.0.0.11",
            PING_FROM_SUBNET, SSH, EVERYTHING_OUT);

    @Test
    void aPortSendsOnlyFromItsMacAndAddressesAndNeverAnswersDhcp() {
        String script = PortFilters.port(web);

        assertTrue(script.contains("add element bridge kumo ports { \"tap0c6f9a2e-1b\" : jump spoof-tap0c6f9a2e-1b }"),
                script);
        assertTrue(script.contains("add rule bridge kumo spoof-tap0c6f9a2e-1b ether saddr != fa:16:3e:00:00:0b drop"));
        assertTrue(script.contains("arp saddr ether != fa:16:3e:00:00:0b drop"));
        assertTrue(script.contains("arp saddr ip != { 10.0.0.11, 0.0.0.0 } drop"));
        assertTrue(script.contains("ip protocol udp udp sport 67 drop"));
        assertTrue(script.contains("ip saddr != { 10.0.0.11 } drop"));
        assertTrue(script.contains("ether type ip6 drop"), "a port without IPv6 addresses sends no IPv6");
        assertTrue(script.contains("ether type != { arp, ip, ip6 } drop"));
    }

    @Test
    void antiSpoofingRunsBeforeBrNetfilterHandsIpv4ToTheIpHooks() {
        assertTrue(PortFilters.tables().contains(
                "add chain bridge kumo forward { type filter hook forward priority filter ; policy accept ; }"));
        assertTrue(PortFilters.bridgeChainIsCurrent("""
                table bridge kumo {
                	chain forward {
                		type filter hook forward priority filter; policy accept;
                """));
        assertFalse(PortFilters.bridgeChainIsCurrent("""
                table bridge kumo {
                	chain forward {
                		type filter hook forward priority 0; policy accept;
                """), "an older agent's chain, which br_netfilter can bypass");
    }

    @Test
    void ingressRulesAcceptEgressRulesReturnAndEverythingElseIsDropped() {
        String script = PortFilters.port(web);

        assertTrue(script.contains("add rule inet kumo ingress-tap0c6f9a2e-1b meta nfproto ipv4 ip saddr 10.0.0.0/24 "
                + "meta l4proto 1 icmp type 8 accept"), script);
        assertTrue(script.contains("add rule inet kumo ingress-tap0c6f9a2e-1b meta nfproto ipv4 meta l4proto 6 "
                + "th dport 22-22 accept"), script);
        assertTrue(script.contains("add rule inet kumo egress-tap0c6f9a2e-1b meta nfproto ipv4 return"), script);
        assertTrue(script.contains("add rule inet kumo ingress-tap0c6f9a2e-1b drop\n"));
        assertTrue(script.contains("add rule inet kumo egress-tap0c6f9a2e-1b drop\n"));
        assertTrue(script.contains("add element inet kumo ingress { \"kbr5e9c1d2a7b3\" . fa:16:3e:00:00:0b : "
                + "jump ingress-tap0c6f9a2e-1b }"), script);
        assertTrue(script.indexOf("flush chain inet kumo ingress-tap0c6f9a2e-1b")
                < script.indexOf("add rule inet kumo ingress-tap0c6f9a2e-1b"), "a change replaces the chain's rules");
    }

    @Test
    void aPortWithoutRulesReceivesAndSendsNothingButArpAndDhcp() {
        String script = PortFilters.port(port("p-1", "fa:16:3e:00:00:01", "10.0.0.5"));

        assertEquals(List.of("add rule inet kumo egress-tapp-1 drop"),
                script.lines().filter(line -> line.startsWith("add rule inet kumo egress-")).toList());
        assertEquals(List.of("add rule inet kumo ingress-tapp-1 drop"),
                script.lines().filter(line -> line.startsWith("add rule inet kumo ingress-")).toList());
        assertTrue(PortFilters.tables().contains("udp sport 67 udp dport 68 accept"));
        assertTrue(PortFilters.tables().contains("ct state established,related accept"));
    }

    @Test
    void rulesAreWrittenFromParsedValuesInNeutronsMeaning() {
        assertEquals("meta nfproto ipv6 ip6 saddr 2001:db8:0:0:0:0:0:0/64 meta l4proto 58 icmpv6 type 128",
                RuleExpressions.of(new PortRule(Direction.INGRESS, Ethertype.IPv6, "icmp", 128, null, "2001:db8::/64")));
        assertEquals("meta nfproto ipv4 ip daddr 192.0.2.0/24 meta l4proto 17 th dport 53-53",
                RuleExpressions.of(new PortRule(Direction.EGRESS, Ethertype.IPv4, "UDP", 53, 53, "192.0.2.7/24")));
        assertEquals("meta nfproto ipv4 meta l4proto 1 icmp type 3 icmp code 4",
                RuleExpressions.of(new PortRule(Direction.INGRESS, Ethertype.IPv4, "icmp", 3, 4, null)));
        assertEquals("meta nfproto ipv4 meta l4proto 6 th dport 1-1024",
                RuleExpressions.of(new PortRule(Direction.INGRESS, Ethertype.IPv4, "6", null, 1024, null)));
        assertEquals("meta nfproto ipv4 meta l4proto 47",
                RuleExpressions.of(new PortRule(Direction.INGRESS, Ethertype.IPv4, "gre", null, null, null)));
    }

    @Test
    void rulesThatCannotMeanAnythingAreRefusedWithTheReason() {
        assertRefused("unknown protocol", new PortRule(Direction.INGRESS, Ethertype.IPv4, "tcp; drop", 1, 2, null));
        assertRefused("is not IPv4", new PortRule(Direction.INGRESS, Ethertype.IPv4, null, null, null, "::/0"));
        assertRefused("needs a protocol", new PortRule(Direction.INGRESS, Ethertype.IPv4, null, 22, 22, null));
        assertRefused("has no ports", new PortRule(Direction.INGRESS, Ethertype.IPv4, "gre", 22, 22, null));
        assertRefused("above portRangeMax", new PortRule(Direction.INGRESS, Ethertype.IPv4, "tcp", 90, 80, null));
        assertRefused("prefix", new PortRule(Direction.INGRESS, Ethertype.IPv4, null, null, null, "10.0.0.0/33"));
        assertRefused("address", new PortRule(Direction.INGRESS, Ethertype.IPv4, null, null, null, "ten/8"));
    }

    @Test
    void aPortWithIpv6AddressesMayUseThemAndNeighbourDiscovery() {
        HostPort dual = new HostPort(UUID.randomUUID(), new GuestNic("p-6", "net-6", null, "fa:16:3e:00:00:06", null,
                List.of(new GuestNic.FixedIp("s4", "10.0.0.6", "10.0.0.0/24", null, List.of(), true, null),
                        new GuestNic.FixedIp("s6", "2001:db8::6", "2001:db8::/64", null, List.of(), false, null)),
                List.of()));

        String script = PortFilters.port(dual);

        assertTrue(script.contains("ip6 saddr != { 2001:db8::6, fe80::/10, :: } drop"), script);
        assertTrue(script.contains("icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } accept"));
        assertFalse(script.contains("ether type ip6 drop"));
    }

    /** The kernel's own parser, in a network namespace of the test's own: nothing on the host changes. */
    @Test
    void theKernelTakesTheTablesAZoneAndAPortsFilterInOneTransaction(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")) && Files.isExecutable(Path.of("/usr/bin/unshare"))
                && "root".equals(System.getProperty("user.name")), "needs root, nft and unshare");
        Path script = dir.resolve("all.nft");
        Files.writeString(script, PortFilters.tables() + PortFilters.zone(new Segment("abc"), 3)
                + PortFilters.port(web) + PortFilters.port(web));

        Process nft = new ProcessBuilder("unshare", "--net", "nft", "-c", "-f", script.toString())
                .redirectErrorStream(true).start();
        String output = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(nft.waitFor(30, TimeUnit.SECONDS));

        assertEquals(0, nft.exitValue(), output + "\n" + Files.readString(script));
    }

    private static void assertRefused(String reason, PortRule rule) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RuleExpressions.of(rule));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
