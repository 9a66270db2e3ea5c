package dev.kumo.agent.hypervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The libvirt domain type of a host's instances: {@code kvm} (hardware virtualization), {@code qemu} (TCG
 * emulation, slow but works anywhere) or {@code test} (libvirt's in-memory test driver).
 */
public enum DomainType {
    KVM("kvm"),
    QEMU("qemu"),
    TEST("test");

    private static final Pattern VIRTUALIZATION_FLAG = Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b",
            Pattern.MULTILINE);

    private final String xmlName;

    DomainType(String xmlName) {
        this.xmlName = xmlName;
    }

    /** The value of {@code <domain type='...'>}. */
    public String xmlName() {
        return xmlName;
    }

    /**
     * The domain type for qemu:///system: {@code kvm} when the KVM device opens for reading and writing and the CPU
     * has vmx or svm, otherwise {@code qemu}. {@code choice} is {@code auto}, {@code kvm} or {@code qemu}.
     */
    public static DomainType forQemu(String choice, Path kvmDevice, Path cpuinfo) {
        return switch (choice.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> kvmUsable(kvmDevice, cpuinfo) ? KVM : QEMU;
            case "kvm" -> KVM;
            case "qemu" -> QEMU;
            default -> throw new IllegalArgumentException(
                    "kumo.agent.qemu.domain-type must be auto, kvm or qemu, not '" + choice + "'");
        };
    }

    /** The machine's own KVM device and CPU description. */
    public static DomainType forQemu(String choice) {
        return forQemu(choice, Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"));
    }

    static boolean kvmUsable(Path kvmDevice, Path cpuinfo) {
        return opensForReadWrite(kvmDevice) && hasVirtualizationFlag(cpuinfo);
    }

    private static boolean opensForReadWrite(Path device) {
        // Opening tells the truth; permission bits do not (root passes them, a missing kvm module does not).
        // No CREATE option: a missing device must stay missing.
        try (FileChannel ignored = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean hasVirtualizationFlag(Path cpuinfo) {
        try {
            return VIRTUALIZATION_FLAG.matcher(Files.readString(cpuinfo)).find();
        } catch (IOException e) {
            return false;
        }
    }
}
