package dev.kumo.agent.networking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes and removes routers on this Linux host, each step checking what exists first: the router's namespace
 * (IPv4 forwarding on, IPv6 and ICMP redirects off), a veth leg per interface and for the external gateway into the
 * segments' bridges (which the caller made), the legs' addresses, the default route, and the NAT table
 * ({@link RouterNat}). Two tenants' equal CIDRs never meet: each router has a namespace of its own.
 */
final class HostRouters {

    private static final Logger LOG = Logger.getLogger(HostRouters.class);

    private final HostCommands commands;

    HostRouters(HostCommands commands) {
        this.commands = commands;
    }

    /** Brings the router's namespace, legs, addresses, route and NAT to what the router says. */
    void ensure(HostRouter router) {
        String namespace = router.namespace();
        if (!Files.exists(Path.of("/run/netns", namespace))) {
            commands.run("ip", "netns", "add", namespace);
            LOG.infof("made namespace %s for router %s", namespace, router.routerId());
        }
        // No redirects: a guest told to reach another's floating IP directly would bypass the hairpin NAT.
        commands.run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1",
                "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.send_redirects=0",
                "net.ipv4.conf.default.send_redirects=0");
        commands.run("ip", "-n", namespace, "link", "set", "lo", "up");
        List<HostRouter.Leg> legs = router.legs();
        for (String inside : legsIn(namespace)) {
            if (legs.stream().noneMatch(leg -> leg.inside().equals(inside))) {
                removeLeg(namespace, inside);
            }
        }
        legs.forEach(leg -> ensureLeg(namespace, leg));
        ensureDefaultRoute(router);
        HostCommands.Result applied = commands.nftIn(namespace, RouterNat.table(router));
        if (!applied.ok()) {
            throw new NetworkingException("cannot apply the NAT of router " + router.routerId() + ": "
                    + applied.output().strip());
        }
    }

    /** Gives the router's legs on the segment the MTU of its bridge, which its ports may have changed since. */
    void alignMtu(HostRouter router, Segment segment) {
        for (HostRouter.Leg leg : router.legs()) {
            if (leg.segment().equals(segment) && linkExists(leg.hostEnd()) && linkExists(segment.bridge())
                    && !mtuOf(segment.bridge()).equals(mtuOf(leg.hostEnd()))) {
                String mtu = mtuOf(segment.bridge());
                commands.run("ip", "link", "set", leg.hostEnd(), "mtu", mtu);
                commands.run("ip", "-n", router.namespace(), "link", "set", leg.inside(), "mtu", mtu);
            }
        }
    }

    /** Takes the router away: its legs (host ends first: a namespace's devices go some time after it), then it. */
    void remove(String routerId) {
        String namespace = HostRouter.NAMESPACE_PREFIX + routerId;
        if (!Files.exists(Path.of("/run/netns", namespace))) {
            return;
        }
        legsIn(namespace).forEach(inside -> removeLeg(namespace, inside));
        commands.run("ip", "netns", "delete", namespace);
        LOG.infof("router %s is gone from this host", routerId);
    }

    private void ensureLeg(String namespace, HostRouter.Leg leg) {
        String bridge = leg.segment().bridge();
        if (!linkExists(bridge)) {
            throw new NetworkingException("the bridge " + bridge + " of leg " + leg.inside() + " is missing");
        }
        String mtu = mtuOf(bridge);
        if (!linkExists(leg.hostEnd())) {
            if (commands.attempt("ip", "-n", namespace, "link", "show", leg.inside()).ok()) {
                commands.run("ip", "-n", namespace, "link", "delete", leg.inside()); // half a pair
            }
            commands.run("ip", "link", "add", leg.hostEnd(), "type", "veth", "peer", "name", leg.inside(), "netns",
                    namespace);
        }
        commands.run("ip", "link", "set", leg.hostEnd(), "master", bridge, "mtu", mtu, "up");
        commands.run("ip", "-n", namespace, "link", "set", leg.inside(), "mtu", mtu, "up");
        ensureAddresses(namespace, leg);
    }

    private void ensureAddresses(String namespace, HostRouter.Leg leg) {
        String shown = commands.run("ip", "-n", namespace, "-o", "-4", "addr", "show", "dev", leg.inside());
        List<String> present = shown.lines().map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 3 && fields[2].equals("inet")).map(fields -> fields[3]).toList();
        for (String address : present) {
            if (!leg.addresses().contains(address)) {
                commands.run("ip", "-n", namespace, "addr", "delete", address, "dev", leg.inside());
            }
        }
        for (String address : leg.addresses()) {
            if (!present.contains(address)) {
                commands.run("ip", "-n", namespace, "addr", "add", address, "dev", leg.inside());
            }
        }
    }

    private void ensureDefaultRoute(HostRouter router) {
        String namespace = router.namespace();
        Optional<String> via = router.defaultRoute();
        if (via.isPresent()) {
            String device = router.gatewayLeg().orElseThrow().inside();
            commands.run("ip", "-n", namespace, "route", "replace", "default", "via", via.get(), "dev", device);
        } else if (!commands.run("ip", "-n", namespace, "-4", "route", "show", "default").isBlank()) {
            commands.run("ip", "-n", namespace, "-4", "route", "delete", "default");
        }
    }

    /** The legs in the namespace, by their inside names. */
    private List<String> legsIn(String namespace) {
        String shown = commands.run("ip", "-n", namespace, "-o", "link", "show");
        List<String> legs = new ArrayList<>();
        for (String line : shown.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1) {
                String name = fields[1].replaceAll(":$", "").replaceAll("@.*$", "");
                if (HostRouter.hostEndOf(name).isPresent()) {
                    legs.add(name);
                }
            }
        }
        return legs;
    }

    private void removeLeg(String namespace, String inside) {
        String hostEnd = HostRouter.hostEndOf(inside).orElseThrow();
        if (linkExists(hostEnd)) {
            commands.run("ip", "link", "delete", hostEnd);
        } else {
            commands.attempt("ip", "-n", namespace, "link", "delete", inside);
        }
        LOG.infof("leg %s of %s is gone", inside, namespace);
    }

    private static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    private static String mtuOf(String link) {
        try {
            return Files.readString(Path.of("/sys/class/net", link, "mtu")).trim();
        } catch (IOException e) {
            throw new NetworkingException("cannot read the MTU of " + link + ": " + e.getMessage(), e);
        }
    }
}
