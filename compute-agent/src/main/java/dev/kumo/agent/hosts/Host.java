package dev.kumo.agent.hosts;

import dev.kumo.agent.hypervisor.DomainType;
import dev.kumo.agent.hypervisor.Hypervisor;

/**
 * A compute host this agent runs: its name (the key of its commands and events), its hypervisor, and how it
 * describes itself when it registers ({@code QEMU} or {@code test}; kvm, qemu or test domains; the libvirt URI).
 */
public record Host(String name, Hypervisor hypervisor, String hypervisorType, DomainType domainType,
        String libvirtUri) {
}
