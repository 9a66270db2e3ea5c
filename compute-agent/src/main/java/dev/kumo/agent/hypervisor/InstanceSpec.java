package dev.kumo.agent.hypervisor;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.instance.GuestConfig;
import java.util.Objects;
import java.util.UUID;

/**
 * What an instance's domain is made from: its id (also the domain UUID), its name, the flavor's resources, its image,
 * and what its config drive tells the guest.
 */
public record InstanceSpec(UUID instanceId, String name, Resources resources, String imageRef, GuestConfig guest) {

    public InstanceSpec {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(resources, "resources");
        if (resources.vcpus() < 1 || resources.memoryMb() < 1) {
            throw new IllegalArgumentException("an instance needs at least 1 vCPU and 1 MiB of memory, got "
                    + resources.vcpus() + " vCPUs and " + resources.memoryMb() + " MiB");
        }
        name = name == null ? "" : name;
        guest = guest == null ? GuestConfig.NONE : guest;
    }

    /** An instance whose guest is told nothing beyond its id and name. */
    public InstanceSpec(UUID instanceId, String name, Resources resources, String imageRef) {
        this(instanceId, name, resources, imageRef, GuestConfig.NONE);
    }

    /** The libvirt domain name: {@code kumo-<instance id>}, so an operator sees which domains are Kumo's. */
    public String domainName() {
        return DomainNames.of(instanceId);
    }
}
