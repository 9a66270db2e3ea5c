package dev.kumo.gateway.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kumo.contracts.instance.PlacementHints;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostRequirementsTest {

    @Test
    void traitsComeFromTheFlavorAndTheImageAndOtherValuesAreIgnored() {
        PlacementHints hints = HostRequirements.applyTo(PlacementHints.NONE,
                Map.of("trait:CUSTOM_B", "required", "trait:CUSTOM_X", "Forbidden", "trait:CUSTOM_Y", "maybe",
                        "hw:cpu_policy", "dedicated"),
                Map.of("trait:CUSTOM_A", "required"));

        assertEquals(List.of("CUSTOM_A", "CUSTOM_B"), hints.requiredTraits());
        assertEquals(List.of("CUSTOM_X"), hints.forbiddenTraits());
        assertEquals(Map.of(), hints.aggregateMetadata());
    }

    @Test
    void theImagesArchitectureAndHypervisorTypeAreCanonicalAndTheNewPropertiesWinOverTheLegacyOnes() {
        PlacementHints hints = HostRequirements.applyTo(PlacementHints.NONE, Map.of(),
                Map.of("hw_architecture", "amd64", "architecture", "aarch64", "hypervisor_type", "XAPI"));

        assertEquals("x86_64", hints.architecture());
        assertEquals("xen", hints.hypervisorType());
        assertNull(HostRequirements.applyTo(PlacementHints.NONE, Map.of(), Map.of()).architecture());
    }

    @Test
    void onlyScopedAggregateExtraSpecsAreMatchedAgainstAggregateMetadata() {
        PlacementHints hints = HostRequirements.applyTo(new PlacementHints(null, null, null, "az1"),
                Map.of("aggregate_instance_extra_specs:ssd", "true", "ssd", "ignored"), Map.of());

        assertEquals(Map.of("ssd", "true"), hints.aggregateMetadata());
        assertEquals("az1", hints.availabilityZone());
    }
}
