package dev.kumo.agent.hypervisor;

/** Domains of libvirt's test driver: memory and vCPUs only, nothing runs, nothing touches the disk. */
public final class TestDomainDefinition implements DomainDefinition {

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
}
