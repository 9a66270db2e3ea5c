package dev.kumo.agent.networking;

import dev.kumo.agent.hypervisor.QemuGuest;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Hosts without tenant networks (libvirt's test driver, the simulated fleet): nics and routers are accepted and
 * ignored.
 */
public final class NoNetworks implements NetworkBackend {

    public static final NoNetworks INSTANCE = new NoNetworks();

    private NoNetworks() {
    }

    @Override
    public void plug(UUID instanceId, List<GuestNic> nics) {
    }

    @Override
    public List<QemuGuest.Interface> interfaces(UUID instanceId) {
        return List.of();
    }

    @Override
    public void updateRules(UUID instanceId, String portId, List<PortRule> rules) {
    }

    @Override
    public void unplug(UUID instanceId) {
    }

    @Override
    public void updateRouter(UpdateRouter update) {
    }

    @Override
    public void reconcile(Collection<UUID> instancesWithDomains) {
    }
}
