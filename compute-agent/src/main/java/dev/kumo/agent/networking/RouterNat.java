package dev.kumo.agent.networking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The nftables table {@code ip kumo-router} in a router's namespace, replaced as a whole in one transaction:
 * <ul>
 * <li>DNAT: traffic to a floating IP goes to its port's fixed address, the sender's address kept (the guest's
 * security groups see who it is);</li>
 * <li>SNAT: a port with a floating IP leaves by the external leg as that floating IP, the rest of the tenant subnets
 * as the router's own address; a guest reaching another guest's floating IP through the router (hairpin) is
 * masqueraded to the router's interface, so the answer comes back the same way;</li>
 * <li>forwarding: nothing arriving on the external leg goes back out of it, nothing from outside reaches a fixed
 * address unless through a floating IP, and a connection translated to an address the router no longer has (a
 * disassociated floating IP) stops at once instead of living on in conntrack.</li>
 * </ul>
 * A router without an external gateway only routes between its interfaces: the table is empty.
 */
final class RouterNat {

    static final String TABLE = "kumo-router";

    private RouterNat() {
    }

    static String table(HostRouter router) {
        List<String> lines = new ArrayList<>();
        lines.add("table ip " + TABLE); // so that the delete below always finds it
        lines.add("delete table ip " + TABLE);
        lines.add("table ip " + TABLE + " {");
        if (router.gatewayLeg().isPresent()) {
            String external = quoted(router.gatewayLeg().get().inside());
            String routerAddress = router.externalAddress().orElseThrow();
            List<HostRouter.Nat> nats = router.nats();
            lines.add("  chain prerouting {");
            lines.add("    type nat hook prerouting priority dstnat; policy accept;");
            nats.forEach(nat -> lines.add("    ip daddr " + nat.floating() + " dnat to " + nat.fixed()));
            lines.add("  }");
            lines.add("  chain postrouting {");
            lines.add("    type nat hook postrouting priority srcnat; policy accept;");
            nats.forEach(nat -> lines.add("    oifname " + external + " ip saddr " + nat.fixed() + " snat to "
                    + nat.floating()));
            if (!router.tenantCidrs().isEmpty()) {
                lines.add("    oifname " + external + " ip saddr " + set(router.tenantCidrs()) + " snat to "
                        + routerAddress);
            }
            lines.add("    iifname != " + external + " oifname != " + external + " ct status dnat masquerade");
            lines.add("  }");
            lines.add("  chain forward {");
            lines.add("    type filter hook forward priority filter; policy accept;");
            lines.add("    iifname " + external + " oifname " + external + " drop");
            lines.add("    iifname " + external + " ct state new ct status & dnat == 0 drop");
            Set<String> floating = new LinkedHashSet<>();
            nats.forEach(nat -> floating.add(nat.floating()));
            lines.add(floating.isEmpty() ? "    ct status dnat drop"
                    : "    ct status dnat ct original ip daddr != " + set(List.copyOf(floating)) + " drop");
            Set<String> translatedTo = new LinkedHashSet<>(floating);
            translatedTo.add(routerAddress);
            router.interfaceLegs().forEach(leg -> leg.addresses().forEach(address ->
                    translatedTo.add(address.substring(0, address.indexOf('/')))));
            lines.add("    ct status snat ct reply ip daddr != " + set(List.copyOf(translatedTo)) + " drop");
            lines.add("  }");
        }
        lines.add("}");
        return String.join("\n", lines) + "\n";
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    private static String set(List<String> values) {
        return "{ " + String.join(", ", values) + " }";
    }
}
