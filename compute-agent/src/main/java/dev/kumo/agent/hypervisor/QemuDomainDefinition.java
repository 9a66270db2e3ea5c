package dev.kumo.agent.hypervisor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Domains of QEMU on qemu:///system, {@code kvm} or {@code qemu} (TCG). Until instances have images, a guest is
 * diskless: it sits in firmware, or boots the configured kernel and initrd directly. Its serial console goes to
 * {@code <instances>/<uuid>/console.log}.
 */
public final class QemuDomainDefinition implements DomainDefinition {

    private final DomainType type;
    private final InstanceDirectories instances;
    private final Optional<DirectBoot> directBoot;

    public QemuDomainDefinition(DomainType type, Path instancesDirectory, Optional<DirectBoot> directBoot) {
        if (type == DomainType.TEST) {
            throw new IllegalArgumentException("QEMU domains are kvm or qemu, not test");
        }
        this.type = type;
        this.instances = new InstanceDirectories(instancesDirectory);
        this.directBoot = directBoot;
    }

    /** A kernel and initrd QEMU boots without firmware looking for a disk. */
    public record DirectBoot(Path kernel, Path initrd, String cmdline) {
    }

    @Override
    public DomainType type() {
        return type;
    }

    /** The guest's serial console, written by QEMU (libvirt opens the file and hands QEMU its descriptor). */
    @Override
    public Optional<Path> consoleLog(UUID instanceId) {
        return Optional.of(instances.consoleLog(instanceId));
    }

    @Override
    public String xmlFor(InstanceSpec spec) {
        return """
                <domain type='%s'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                %s  <memory unit='MiB'>%d</memory>
                  <vcpu placement='static'>%d</vcpu>
                  <os>
                    <type>hvm</type>
                %s  </os>
                  <features>
                    <acpi/>
                    <apic/>
                  </features>
                %s  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <serial type='file'>
                      <source path='%s' append='on'/>
                      <target port='0'/>
                    </serial>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(type.xmlName(), spec.domainName(), spec.instanceId(), KumoMetadata.of(spec),
                spec.resources().memoryMb(), spec.resources().vcpus(), boot(), cpu(),
                KumoMetadata.escape(instances.consoleLog(spec.instanceId()).toString()));
    }

    private String boot() {
        return directBoot.map(boot -> """
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>%s</cmdline>
                """.formatted(KumoMetadata.escape(boot.kernel().toAbsolutePath().toString()),
                KumoMetadata.escape(boot.initrd().toAbsolutePath().toString()),
                KumoMetadata.escape(boot.cmdline()))).orElse("""
                    <boot dev='hd'/>
                """);
    }

    private String cpu() {
        // Under KVM the guest sees the host's CPU; TCG emulates QEMU's default model.
        return type == DomainType.KVM ? "  <cpu mode='host-passthrough'/>\n" : "";
    }

    @Override
    public void prepare(InstanceSpec spec) {
        instances.create(spec.instanceId());
    }

    @Override
    public void release(UUID instanceId) {
        instances.remove(instanceId);
    }
}
