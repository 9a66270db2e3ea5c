package dev.kumo.agent.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCapabilitiesTest {

    @Test
    void theArchitectureIsNamedAsNovaNamesIt() {
        assertEquals("x86_64", HostCapabilities.architecture("x86_64"));
        assertEquals("x86_64", HostCapabilities.architecture("AMD64"));
        assertEquals("i686", HostCapabilities.architecture("i386"));
        assertEquals("aarch64", HostCapabilities.architecture("arm64"));
        assertEquals(null, HostCapabilities.architecture(" "));
    }

    @Test
    void theHostCpusFeaturesBecomeTraitsBesideTheOnesEveryKumoHostHas() {
        String capabilities = """
                <capabilities><host><cpu><arch>x86_64</arch><model>Haswell</model>
                <feature name='avx2'/><feature name='sse4.2'/><feature name='vmx'/><feature name='ds'/>
                </cpu></host><guest><arch name='x86_64'/></guest></capabilities>
                """;

        List<String> traits = HostCapabilities.traits("x86_64", capabilities);

        assertTrue(traits.containsAll(List.of("COMPUTE_NODE", "COMPUTE_ARCH_X86_64", "COMPUTE_IMAGE_TYPE_QCOW2",
                "COMPUTE_IMAGE_TYPE_RAW", "HW_CPU_X86_AVX2", "HW_CPU_X86_SSE42", "HW_CPU_X86_VMX")), traits.toString());
        assertEquals(traits.stream().sorted().toList(), traits);
        assertTrue(traits.stream().noneMatch(trait -> trait.contains("DS")), traits.toString());
    }

    @Test
    void capabilitiesThatCannotBeReadAddNoCpuTraits() {
        List<String> traits = HostCapabilities.traits("x86_64", "<not xml");

        assertTrue(traits.contains("COMPUTE_NODE"));
        assertTrue(traits.stream().noneMatch(trait -> trait.startsWith("HW_CPU")), traits.toString());
    }
}
