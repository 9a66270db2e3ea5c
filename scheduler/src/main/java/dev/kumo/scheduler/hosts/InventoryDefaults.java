package dev.kumo.scheduler.hosts;

import dev.kumo.contracts.Resources;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The allocation ratios and reserved amounts a newly registered host starts with; an operator changes them per
 * host afterwards through {@code /placement/resource_providers/{name}/inventories/{class}}. A singleton: read
 * by field, without a client proxy.
 */
@Singleton
public class InventoryDefaults {

    final double cpuRatio;
    final double ramRatio;
    final double diskRatio;
    final Resources reserved;

    public InventoryDefaults(
            @ConfigProperty(name = "kumo.scheduler.cpu-allocation-ratio") double cpuRatio,
            @ConfigProperty(name = "kumo.scheduler.ram-allocation-ratio") double ramRatio,
            @ConfigProperty(name = "kumo.scheduler.disk-allocation-ratio") double diskRatio,
            @ConfigProperty(name = "kumo.scheduler.reserved-vcpus") int reservedVcpus,
            @ConfigProperty(name = "kumo.scheduler.reserved-host-memory-mb") long reservedMemoryMb,
            @ConfigProperty(name = "kumo.scheduler.reserved-host-disk-gb") long reservedDiskGb) {
        this.cpuRatio = cpuRatio;
        this.ramRatio = ramRatio;
        this.diskRatio = diskRatio;
        this.reserved = new Resources(reservedVcpus, reservedMemoryMb, reservedDiskGb);
    }
}
