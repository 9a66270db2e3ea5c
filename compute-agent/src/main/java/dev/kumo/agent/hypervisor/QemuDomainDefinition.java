package dev.kumo.agent.hypervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Domains of QEMU on qemu:///system, {@code kvm} or {@code qemu} (TCG). Until instances have images, a guest is
 * diskless: it sits in firmware, or boots the configured kernel and initrd directly. Its serial console goes to
 * {@code <instances>/<uuid>/console.log}.
 */
public final class QemuDomainDefinition implements DomainDefinition {

    private final DomainType type;
    private final Path instancesDirectory;
    private final Optional<DirectBoot> directBoot;

    public QemuDomainDefinition(DomainType type, Path instancesDirectory, Optional<DirectBoot> directBoot) {
        if (type == DomainType.TEST) {
            throw new IllegalArgumentException("QEMU domains are kvm or qemu, not test");
        }
        this.type = type;
        this.instancesDirectory = instancesDirectory.toAbsolutePath();
        this.directBoot = directBoot;
    }

    /** A kernel and initrd QEMU boots without firmware looking for a disk. */
    public record DirectBoot(Path kernel, Path initrd, String cmdline) {
    }

    @Override
    public DomainType type() {
        return type;
    }

    public Path consoleLog(UUID instanceId) {
        return instanceDirectory(instanceId).resolve("console.log");
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
                KumoMetadata.escape(consoleLog(spec.instanceId()).toString()));
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
        try {
            Files.createDirectories(instanceDirectory(spec.instanceId()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of instance " + spec.instanceId(), e);
        }
    }

    @Override
    public void release(UUID instanceId) {
        Path directory = instanceDirectory(instanceId);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the directory of instance " + instanceId, e);
        }
    }

    private Path instanceDirectory(UUID instanceId) {
        return instancesDirectory.resolve(instanceId.toString());
    }
}
