package dev.kumo.network.ports;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A port was made, changed or deleted (a CDI event, observed in the transaction of the change): what it was and is
 * bound to, so routers and floating IPs can tell the hosts and the compute API what that changes for them.
 *
 * @param before the port's binding before the change; null: the port is new
 * @param after its binding now; null: the port was deleted
 * @param floatingIpsReleased the deleted port had floating IPs, now disassociated
 */
public record PortChanged(UUID portId, UUID networkId, Binding before, Binding after, boolean floatingIpsReleased) {

    static PortChanged created(Port port) {
        return new PortChanged(port.id, port.networkId, null, Binding.of(port), false);
    }

    static PortChanged updated(Port port, Binding before) {
        return new PortChanged(port.id, port.networkId, before, Binding.of(port), false);
    }

    static PortChanged deleted(Port port, boolean floatingIpsReleased) {
        return new PortChanged(port.id, port.networkId, Binding.of(port), null, floatingIpsReleased);
    }

    /** The hosts a server's port on them was or is bound to: the ones whose routers this change may concern. */
    public Set<String> computeHosts() {
        Set<String> hosts = new TreeSet<>();
        for (Binding binding : new Binding[] {before, after}) {
            if (binding != null && binding.isCompute() && !binding.host().isEmpty()) {
                hosts.add(binding.host());
            }
        }
        return hosts;
    }

    /** Where a port is plugged: the host, the device and its owner ({@code compute:nova} for a server). */
    public record Binding(String host, String deviceId, String deviceOwner) {

        public static Binding of(Port port) {
            return new Binding(port.bindingHostId, port.deviceId, port.deviceOwner);
        }

        public boolean isCompute() {
            return deviceOwner.startsWith("compute:");
        }

        /** The server this port belongs to, when a server's port (a device id that is a UUID). */
        public Optional<UUID> instanceId() {
            if (!isCompute()) {
                return Optional.empty();
            }
            try {
                return Optional.of(UUID.fromString(deviceId));
            } catch (IllegalArgumentException notAnInstance) {
                return Optional.empty();
            }
        }
    }
}
