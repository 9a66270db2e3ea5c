package dev.kumo.gateway.servers;

import dev.kumo.contracts.instance.PlacementHints;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the flavor's extra specs and the image's properties ask of the host, for the scheduler's filters: traits
 * ({@code trait:NAME=required|forbidden}, from either; other values are ignored, as Nova logs and ignores them),
 * the image's architecture ({@code hw_architecture}, or the legacy {@code architecture}) and hypervisor type
 * ({@code img_hv_type}, or the legacy {@code hypervisor_type}) in Nova's canonical words, and the flavor's
 * {@code aggregate_instance_extra_specs:KEY=VALUE}.
 */
final class HostRequirements {

    private static final String TRAIT = "trait:";
    private static final String AGGREGATE = "aggregate_instance_extra_specs:";

    private HostRequirements() {
    }

    static PlacementHints applyTo(PlacementHints hints, Map<String, String> extraSpecs, Map<String, String> image) {
        TreeSet<String> required = new TreeSet<>();
        TreeSet<String> forbidden = new TreeSet<>();
        Map<String, String> aggregate = new TreeMap<>();
        for (Map<String, String> source : java.util.List.of(extraSpecs, image)) {
            source.forEach((key, value) -> {
                if (key.startsWith(TRAIT) && key.length() > TRAIT.length()) {
                    String trait = key.substring(TRAIT.length());
                    switch (value.strip().toLowerCase(Locale.ROOT)) {
                        case "required" -> required.add(trait);
                        case "forbidden" -> forbidden.add(trait);
                        default -> { }
                    }
                }
            });
        }
        extraSpecs.forEach((key, value) -> {
            if (key.startsWith(AGGREGATE) && key.length() > AGGREGATE.length()) {
                aggregate.put(key.substring(AGGREGATE.length()), value);
            }
        });
        String architecture = architecture(image.getOrDefault("hw_architecture", image.get("architecture")));
        String hypervisorType = hypervisorType(image.getOrDefault("img_hv_type", image.get("hypervisor_type")));
        return hints.withHostRequirements(required.stream().toList(), forbidden.stream().toList(), architecture,
                hypervisorType, aggregate);
    }

    /** Nova's canonical architecture names: amd64 and x64 are x86_64, i386 to i586 are i686, arm64 is aarch64. */
    static String architecture(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String arch = name.strip().toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x64" -> "x86_64";
            case "i386", "i486", "i586", "x86_32" -> "i686";
            case "arm64" -> "aarch64";
            case "powerpc" -> "ppc";
            case "powerpc64" -> "ppc64";
            default -> arch;
        };
    }

    /** Nova's canonical hypervisor types: lower case, xapi is xen. */
    static String hypervisorType(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String type = name.strip().toLowerCase(Locale.ROOT);
        return "xapi".equals(type) ? "xen" : type;
    }
}
