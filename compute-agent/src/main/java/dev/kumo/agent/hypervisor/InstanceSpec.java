package dev.kumo.agent.hypervisor;

import dev.kumo.contracts.Resources;
import java.util.Objects;
import java.util.UUID;

/** What an instance's domain is made from: its id (also the domain UUID), its name, the flavor's resources, its image. */
public record InstanceSpec(UUID instanceId, String name, Resources resources, String imageRef) {

    public InstanceSpec {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(resources, "resources");
        if (resources.vcpus() < 1 || resources.memoryMb() < 1) {
            throw new IllegalArgumentException("an instance needs at least 1 vCPU and 1 MiB of memory, got "
                    + resources.vcpus() + " vCPUs and " + resources.memoryMb() + " MiB");
        }
        name = name == null ? "" : name;
    }

    /** The libvirt domain name: {@code kumo-<instance id>}, so an operator sees which domains are Kumo's. */
    public String domainName() {
        return DomainNames.of(instanceId);
    }
}
