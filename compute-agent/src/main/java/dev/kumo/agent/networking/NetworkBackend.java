package dev.kumo.agent.networking;

import dev.kumo.agent.hypervisor.QemuGuest;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The host side of tenant networks: an isolated segment per network with DHCP for its ports, each port's filter,
 * and the routers (with their floating IPs) of the networks the host has ports on. One implementation per kind of
 * host ({@link LinuxNetworks} on real hosts, {@link NoNetworks} for test hosts); every operation is idempotent, so a
 * redelivered command converges.
 */
public interface NetworkBackend {

    /** Makes the host side of each nic of the instance exist before its domain starts. */
    void plug(UUID instanceId, List<GuestNic> nics);

    /** The interfaces the instance's domain gets, in the guest's order; empty when it has none on this host. */
    List<QemuGuest.Interface> interfaces(UUID instanceId);

    /** Replaces the rules of one port of the instance; a port this host does not have is ignored. */
    void updateRules(UUID instanceId, String portId, List<PortRule> rules);

    /** Removes the instance's ports, and the segment of each network whose last port on this host that was. */
    void unplug(UUID instanceId);

    /**
     * Brings one router to the whole state the message gives (legs, routes, NAT), or takes it away when
     * {@code removed}; a revision older than the one realized, or the same one again, changes nothing.
     */
    void updateRouter(UpdateRouter update);

    /** After a restart: unplugs the ports of instances without a domain, and brings the others' back to shape. */
    void reconcile(Collection<UUID> instancesWithDomains);
}
