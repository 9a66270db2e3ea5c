package dev.kumo.agent.networking;

import dev.kumo.contracts.host.UpdateRouter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A router as this host realizes it, validated: everything from the message that reaches a command line or a rule
 * is checked and rewritten from parsed values here first. The router lives in the network namespace
 * {@code kumo-router-<router id>}; each of its legs is a veth pair from there into a segment's bridge: {@code qr-<port
 * id[:11]>} inside / {@code kqr<port id[:11]>} on the host for an interface on a tenant network (as Neutron names
 * them), {@code qg-<router id[:11]>} / {@code kqg<router id[:11]>} for the external gateway. IPv4 only: an IPv6
 * interface is left out.
 */
final class HostRouter {

    private static final Logger LOG = Logger.getLogger(HostRouter.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final String NAMESPACE_PREFIX = "kumo-router-";
    static final String INTERFACE_PREFIX = "qr-";
    static final String GATEWAY_PREFIX = "qg-";

    /** One leg of the router: the veth pair's ends, the segment it is bridged into, its addresses with prefix. */
    record Leg(String inside, String hostEnd, Segment segment, List<String> addresses) {
    }

    /** A floating IP: traffic to {@code floating} goes to {@code fixed}; {@code fixed} goes out as {@code floating}. */
    record Nat(String floating, String fixed) {
    }

    private final UpdateRouter update;

    HostRouter(UpdateRouter update) {
        this.update = Objects.requireNonNull(update, "update");
        id("router id", update.routerId());
        if (!update.removed()) {
            gatewayLeg();
            interfaceLegs();
            nats();
        }
    }

    UpdateRouter update() {
        return update;
    }

    String routerId() {
        return update.routerId();
    }

    long revision() {
        return update.revision();
    }

    boolean removed() {
        return update.removed();
    }

    String namespace() {
        return NAMESPACE_PREFIX + update.routerId();
    }

    /** The external leg, holding the router's address and its floating IPs (/32), which it thereby answers ARP for. */
    Optional<Leg> gatewayLeg() {
        UpdateRouter.ExternalGateway gateway = update.gateway();
        if (gateway == null) {
            return Optional.empty();
        }
        Cidr cidr = ipv4Cidr("gateway cidr", gateway.cidr());
        InetAddress address = ipv4("gateway address", gateway.address());
        if (!cidr.contains(address)) {
            throw new IllegalArgumentException("router " + routerId() + ": gateway address " + gateway.address()
                    + " is not in " + gateway.cidr());
        }
        id("gateway network id", gateway.networkId());
        List<String> addresses = new ArrayList<>();
        addresses.add(address.getHostAddress() + "/" + cidr.prefixLength());
        for (Nat nat : natsOf(update)) {
            if (!nat.floating().equals(address.getHostAddress())) {
                addresses.add(nat.floating() + "/32");
            }
        }
        String suffix = short11(routerId());
        return Optional.of(new Leg(GATEWAY_PREFIX + suffix, "kqg" + suffix,
                Segment.of(gateway.segment(), gateway.networkId()), List.copyOf(addresses)));
    }

    /** The router's default route: the external subnet's gateway, if it has one. */
    Optional<String> defaultRoute() {
        UpdateRouter.ExternalGateway gateway = update.gateway();
        if (gateway == null || gateway.gatewayIp() == null) {
            return Optional.empty();
        }
        return Optional.of(ipv4("gateway ip", gateway.gatewayIp()).getHostAddress());
    }

    /** The router's address on the external subnet: what the rest of its tenants' traffic leaves as. */
    Optional<String> externalAddress() {
        return update.gateway() == null ? Optional.empty()
                : Optional.of(ipv4("gateway address", update.gateway().address()).getHostAddress());
    }

    /** A leg per IPv4 interface, holding the interface's address (the subnet's gateway). */
    List<Leg> interfaceLegs() {
        List<Leg> legs = new ArrayList<>();
        for (UpdateRouter.RouterInterface routerInterface : update.interfaces()) {
            String port = id("interface port id", routerInterface.portId());
            id("interface network id", routerInterface.networkId());
            Cidr cidr = Cidr.parse("router " + routerId() + ": interface cidr", routerInterface.cidr());
            if (cidr.ipv6()) {
                LOG.infof("router %s: interface %s on %s is IPv6, which routers do not realize yet", routerId(),
                        port, cidr);
                continue;
            }
            InetAddress address = ipv4("interface address", routerInterface.address());
            if (!cidr.contains(address)) {
                throw new IllegalArgumentException("router " + routerId() + ": interface address "
                        + routerInterface.address() + " is not in " + routerInterface.cidr());
            }
            String suffix = short11(port);
            legs.add(new Leg(INTERFACE_PREFIX + suffix, "kqr" + suffix,
                    Segment.of(routerInterface.segment(), routerInterface.networkId()),
                    List.of(address.getHostAddress() + "/" + cidr.prefixLength())));
        }
        return legs;
    }

    /** The tenant subnets behind the router: what leaves by the external leg as the router's address. */
    List<String> tenantCidrs() {
        return update.interfaces().stream().map(routerInterface -> Cidr.parse("interface cidr", routerInterface.cidr()))
                .filter(cidr -> !cidr.ipv6()).map(Cidr::toString).distinct().toList();
    }

    /** The floating IPs; none without an external gateway. */
    List<Nat> nats() {
        return update.gateway() == null ? List.of() : natsOf(update);
    }

    List<Leg> legs() {
        List<Leg> legs = new ArrayList<>(interfaceLegs());
        gatewayLeg().ifPresent(legs::add);
        return legs;
    }

    /** The segments the router's legs are bridged into. */
    Set<Segment> segments() {
        Set<Segment> segments = new LinkedHashSet<>();
        legs().forEach(leg -> segments.add(leg.segment()));
        return segments;
    }

    /** The host end of the leg whose end in the router's namespace is {@code inside}; empty for other devices. */
    static Optional<String> hostEndOf(String inside) {
        if (inside.startsWith(INTERFACE_PREFIX)) {
            return Optional.of("kqr" + inside.substring(INTERFACE_PREFIX.length()));
        }
        if (inside.startsWith(GATEWAY_PREFIX)) {
            return Optional.of("kqg" + inside.substring(GATEWAY_PREFIX.length()));
        }
        return Optional.empty();
    }

    private static List<Nat> natsOf(UpdateRouter update) {
        List<Nat> nats = new ArrayList<>();
        for (UpdateRouter.FloatingIpNat nat : update.floatingIps()) {
            nats.add(new Nat(ipv4("floating address", nat.floatingAddress()).getHostAddress(),
                    ipv4("fixed address", nat.fixedAddress()).getHostAddress()));
        }
        return nats.stream().distinct().toList();
    }

    private static String id(String what, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException("a router's " + what + " is 1 to 64 of A-Z a-z 0-9 -, got " + value);
        }
        return value;
    }

    private static Cidr ipv4Cidr(String what, String text) {
        Cidr cidr = Cidr.parse(what, text);
        if (cidr.ipv6()) {
            throw new IllegalArgumentException(what + " must be IPv4, got " + text);
        }
        return cidr;
    }

    private static InetAddress ipv4(String what, String literal) {
        InetAddress address = Cidr.address(what, literal);
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException(what + " must be an IPv4 address, got " + literal);
        }
        return address;
    }

    private static String short11(String id) {
        return id.substring(0, Math.min(11, id.length()));
    }
}
