package dev.kumo.network.ipam;

import java.util.UUID;

/** One entry of a port's {@code fixed_ips} as asked for: a subnet, an address, or both. */
public record FixedIpRequest(UUID subnetId, IpAddress ipAddress) {
}
