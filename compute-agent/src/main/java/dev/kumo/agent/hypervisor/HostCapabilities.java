package dev.kumo.agent.hypervisor;

import java.io.StringReader;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * What a host tells the scheduler about itself beyond its capacity, in Nova's and Placement's words: its CPU
 * architecture (canonical: x86_64, i686, aarch64) and its standard traits: what every Kumo host supports
 * ({@code COMPUTE_NODE}, the image types it boots, its architecture) and the CPU features libvirt's capabilities
 * list for the host CPU ({@code HW_CPU_X86_*}, mapped as Nova's libvirt driver maps them).
 */
public final class HostCapabilities {

    /** Image types every Kumo host boots: raw and qcow2 disks, with an AKI kernel and ARI ramdisk. */
    private static final java.util.List<String> COMPUTE_TRAITS = java.util.List.of("COMPUTE_NODE",
            "COMPUTE_IMAGE_TYPE_RAW", "COMPUTE_IMAGE_TYPE_QCOW2", "COMPUTE_IMAGE_TYPE_AKI", "COMPUTE_IMAGE_TYPE_ARI");

    /** libvirt's CPU feature names to os-traits, as Nova's libvirt driver has them. */
    private static final Map<String, String> CPU_TRAITS = Map.ofEntries(
            Map.entry("abm", "HW_CPU_X86_ABM"), Map.entry("aes", "HW_CPU_X86_AESNI"),
            Map.entry("avx", "HW_CPU_X86_AVX"), Map.entry("avx2", "HW_CPU_X86_AVX2"),
            Map.entry("avx512f", "HW_CPU_X86_AVX512F"), Map.entry("bmi1", "HW_CPU_X86_BMI"),
            Map.entry("bmi2", "HW_CPU_X86_BMI2"), Map.entry("pclmuldq", "HW_CPU_X86_CLMUL"),
            Map.entry("f16c", "HW_CPU_X86_F16C"), Map.entry("fma", "HW_CPU_X86_FMA3"),
            Map.entry("fma4", "HW_CPU_X86_FMA4"), Map.entry("mmx", "HW_CPU_X86_MMX"),
            Map.entry("mpx", "HW_CPU_X86_MPX"), Map.entry("sha-ni", "HW_CPU_X86_SHA"),
            Map.entry("sse", "HW_CPU_X86_SSE"), Map.entry("sse2", "HW_CPU_X86_SSE2"),
            Map.entry("sse3", "HW_CPU_X86_SSE3"), Map.entry("sse4.1", "HW_CPU_X86_SSE41"),
            Map.entry("sse4.2", "HW_CPU_X86_SSE42"), Map.entry("sse4a", "HW_CPU_X86_SSE4A"),
            Map.entry("ssse3", "HW_CPU_X86_SSSE3"), Map.entry("svm", "HW_CPU_X86_SVM"),
            Map.entry("tbm", "HW_CPU_X86_TBM"), Map.entry("vmx", "HW_CPU_X86_VMX"),
            Map.entry("xop", "HW_CPU_X86_XOP"));

    private HostCapabilities() {
    }

    /** Nova's canonical name of an architecture (libvirt's node info model, e.g. x86_64 or amd64). */
    public static String architecture(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String arch = name.strip().toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x64" -> "x86_64";
            case "i386", "i486", "i586", "x86_32" -> "i686";
            case "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /** The standard traits of a host of this architecture whose libvirt capabilities are {@code capabilitiesXml}. */
    public static java.util.List<String> traits(String architecture, String capabilitiesXml) {
        TreeSet<String> traits = new TreeSet<>(COMPUTE_TRAITS);
        if (architecture != null) {
            traits.add("COMPUTE_ARCH_" + architecture.toUpperCase(Locale.ROOT));
        }
        traits.addAll(cpuTraits(capabilitiesXml));
        return java.util.List.copyOf(traits);
    }

    /**
     * The CPU traits of the capabilities last read: an agent's hosts report the same capabilities at every
     * registration (and a simulated fleet's thousands of hosts the same ones), so the document is parsed once.
     */
    private static volatile java.util.Map.Entry<String, java.util.Set<String>> lastCpuTraits;

    private static java.util.Set<String> cpuTraits(String capabilitiesXml) {
        java.util.Map.Entry<String, java.util.Set<String>> last = lastCpuTraits;
        if (last != null && last.getKey().equals(capabilitiesXml)) {
            return last.getValue();
        }
        java.util.Set<String> traits = java.util.Set.copyOf(parseCpuTraits(capabilitiesXml));
        if (capabilitiesXml != null) {
            lastCpuTraits = java.util.Map.entry(capabilitiesXml, traits);
        }
        return traits;
    }

    private static TreeSet<String> parseCpuTraits(String capabilitiesXml) {
        TreeSet<String> traits = new TreeSet<>();
        if (capabilitiesXml == null || capabilitiesXml.isBlank()) {
            return traits;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = factory.newDocumentBuilder().parse(new InputSource(new StringReader(capabilitiesXml)))
                    .getDocumentElement();
            NodeList hosts = root.getElementsByTagName("host");
            if (hosts.getLength() == 0) {
                return traits;
            }
            NodeList cpus = ((Element) hosts.item(0)).getElementsByTagName("cpu");
            if (cpus.getLength() == 0) {
                return traits;
            }
            NodeList features = ((Element) cpus.item(0)).getElementsByTagName("feature");
            for (int i = 0; i < features.getLength(); i++) {
                String trait = CPU_TRAITS.get(((Element) features.item(i)).getAttribute("name"));
                if (trait != null) {
                    traits.add(trait);
                }
            }
        } catch (Exception e) {
            // Capabilities we cannot read add no CPU traits; the host still registers.
        }
        return traits;
    }
}
