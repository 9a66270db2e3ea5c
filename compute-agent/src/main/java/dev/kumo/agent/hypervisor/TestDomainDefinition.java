package dev.kumo.agent.hypervisor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Domains of libvirt's test driver: memory and vCPUs only, nothing runs. With an instances directory, each
 * instance gets {@code <uuid>/console.log} there for the agent's own lifecycle lines, since no guest writes one.
 */
public final class TestDomainDefinition implements DomainDefinition {

    private final Optional<InstanceDirectories> instances;

    /** Domains without console logs. */
    public TestDomainDefinition() {
        this.instances = Optional.empty();
    }

    public TestDomainDefinition(Path instancesDirectory) {
        this.instances = Optional.of(new InstanceDirectories(instancesDirectory));
    }

    @Override
    public DomainType type() {
        return DomainType.TEST;
    }

    @Override
    public String xmlFor(InstanceSpec spec) {
        return """
                <domain type='test'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                %s  <memory unit='MiB'>%d</memory>
                  <vcpu>%d</vcpu>
                  <os>
                    <type>hvm</type>
                  </os>
                </domain>
                """.formatted(spec.domainName(), spec.instanceId(), KumoMetadata.of(spec),
                spec.resources().memoryMb(), spec.resources().vcpus());
    }

    @Override
    public void prepare(InstanceSpec spec) {
        instances.ifPresent(directories -> directories.create(spec.instanceId()));
    }

    @Override
    public void release(UUID instanceId) {
        instances.ifPresent(directories -> directories.remove(instanceId));
    }

    @Override
    public Optional<Path> consoleLog(UUID instanceId) {
        return instances.map(directories -> directories.consoleLog(instanceId));
    }
}
