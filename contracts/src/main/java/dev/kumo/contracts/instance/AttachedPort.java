package dev.kumo.contracts.instance;

import java.util.List;

/**
 * A port an instance's domain is plugged into, as its host reports it: what the compute API shows as the server's
 * addresses, keyed by network name.
 *
 * @param fixedIps the port's fixed IP addresses, IPv4 or IPv6
 * @param madeForInstance true when the port was made for the server (and goes with it), false for a tenant's own
 *     port, which is only unplugged when the server goes
 */
public record AttachedPort(String portId, String networkId, String networkName, String macAddress,
        List<String> fixedIps, boolean madeForInstance) {

    public AttachedPort {
        fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
    }
}
