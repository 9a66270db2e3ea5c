package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainTypeTest {

    private static final String VMX_CPU = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr vmx ssse3 sse4_1
            """;
    private static final String SVM_CPU = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            flags\t\t: fpu vme de pse svm sse4a
            """;
    private static final String PLAIN_CPU = """
            processor\t: 0
            flags\t\t: fpu vme de pse tsc msr pae hypervisor
            model name\t: Intel(R) Xeon(R) with vmx in its name is not a flag
            """;

    @TempDir
    Path dir;

    @Test
    void kvmWhenTheDeviceOpensAndTheCpuHasVmx() throws IOException {
        assertEquals(DomainType.KVM, DomainType.forQemu("auto", device(), cpuinfo(VMX_CPU)));
    }

    @Test
    void kvmWhenTheDeviceOpensAndTheCpuHasSvm() throws IOException {
        assertEquals(DomainType.KVM, DomainType.forQemu("auto", device(), cpuinfo(SVM_CPU)));
    }

    @Test
    void tcgWhenThereIsNoKvmDevice() throws IOException {
        assertEquals(DomainType.QEMU, DomainType.forQemu("auto", dir.resolve("no-kvm"), cpuinfo(VMX_CPU)));
    }

    @Test
    void tcgWhenTheCpuCannotVirtualize() throws IOException {
        assertEquals(DomainType.QEMU, DomainType.forQemu("auto", device(), cpuinfo(PLAIN_CPU)));
    }

    @Test
    void tcgWhenTheCpuDescriptionIsUnreadable() throws IOException {
        assertEquals(DomainType.QEMU, DomainType.forQemu("auto", device(), dir.resolve("no-cpuinfo")));
    }

    @Test
    void configurationOverridesDetection() throws IOException {
        assertEquals(DomainType.QEMU, DomainType.forQemu("qemu", device(), cpuinfo(VMX_CPU)));
        assertEquals(DomainType.KVM, DomainType.forQemu("KVM", dir.resolve("no-kvm"), cpuinfo(PLAIN_CPU)));
    }

    @Test
    void anUnknownChoiceIsRefusedWithTheKeyToFix() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DomainType.forQemu("xen", dir.resolve("no-kvm"), dir.resolve("no-cpuinfo")));
        assertEquals("kumo.agent.qemu.domain-type must be auto, kvm or qemu, not 'xen'", refused.getMessage());
    }

    private Path device() throws IOException {
        return Files.createFile(dir.resolve("kvm"));
    }

    private Path cpuinfo(String text) throws IOException {
        return Files.writeString(dir.resolve("cpuinfo"), text);
    }
}
