package dev.kumo.contracts.host;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import java.util.List;

/**
 * The whole of one router as one host must realize it: its leg on the external network, its interfaces on the
 * tenant networks that have ports on that host, and the floating IPs of those ports, to be translated (DNAT in,
 * SNAT out) on that host. network-service sends it to every host with a bound port on one of the router's
 * networks whenever any of this changes, and {@code removed} when the host has no such port left or the router
 * goes. A full state, so a redelivered or repeated message converges; the host keeps the newest by
 * {@code revision}.
 *
 * @param gateway the router's external leg; null: the router has no external gateway (no SNAT, no floating IPs)
 * @param interfaces the router's interfaces on networks with ports on this host
 * @param floatingIps the floating IPs of ports on this host behind this router
 * @param revision grows with every change of the router's state; a host ignores an older one than it realized
 * @param removed true: the host tears the router down (the rest of the fields may be empty)
 */
@Contract(type = "host.update-router", topic = Topics.HOST_COMMANDS)
public record UpdateRouter(
        String host,
        String routerId,
        String projectId,
        ExternalGateway gateway,
        List<RouterInterface> interfaces,
        List<FloatingIpNat> floatingIps,
        long revision,
        boolean removed) implements Message {

    public UpdateRouter {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        floatingIps = floatingIps == null ? List.of() : List.copyOf(floatingIps);
    }

    @Override
    public String key() {
        return host;
    }

    /**
     * The router's leg on an external network.
     *
     * @param segment as in {@link dev.kumo.contracts.instance.GuestNic}: the short name the host makes the external
     *     network's bridge from; null: derived from the network id
     * @param address the router's own address on the external subnet (its SNAT source), e.g. {@code 198.51.100.2}
     * @param cidr the external subnet, e.g. {@code 198.51.100.0/24}
     * @param gatewayIp the external subnet's gateway (the router's default route); null when it has none
     */
    public record ExternalGateway(String networkId, String segment, String address, String cidr, String gatewayIp) {
    }

    /**
     * An interface of the router on a tenant network: the router answers there at {@code address} (the subnet's
     * gateway, usually).
     */
    public record RouterInterface(String portId, String networkId, String segment, String subnetId, String address,
            String cidr) {
    }

    /** A floating IP translated to a port's fixed IP: traffic to {@code floatingAddress} reaches {@code fixedAddress}. */
    public record FloatingIpNat(String floatingIpId, String floatingAddress, String portId, String fixedAddress) {
    }
}
