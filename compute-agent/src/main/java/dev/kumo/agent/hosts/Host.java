package dev.kumo.agent.hosts;

import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.Hypervisor;
import dev.kumo.agent.networking.NetworkBackend;
import dev.kumo.agent.networking.NoNetworks;

/**
 * A compute host this agent runs: its name (the key of its commands and events), its hypervisor, how it
 * describes itself when it registers ({@code QEMU} or {@code test}; kvm, qemu or test domains; the libvirt URI),
 * and the host side of its guests' tenant networks.
 */
public record Host(String name, Hypervisor hypervisor, String hypervisorType, DomainType domainType,
        String libvirtUri, NetworkBackend networks) {

    /** A host whose guests have no tenant networks (test hosts). */
    public Host(String name, Hypervisor hypervisor, String hypervisorType, DomainType domainType, String libvirtUri) {
        this(name, hypervisor, hypervisorType, domainType, libvirtUri, NoNetworks.INSTANCE);
    }
}
