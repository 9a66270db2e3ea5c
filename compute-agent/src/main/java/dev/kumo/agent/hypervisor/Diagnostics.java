package dev.kumo.agent.hypervisor;

import java.util.List;

/**
 * A domain's figures as libvirt reports them: its state, its memory (maximum and current, KiB), its vCPU count and
 * each vCPU's CPU time in nanoseconds (empty when it does not run).
 */
public record Diagnostics(InstanceState state, long maxMemoryKib, long memoryKib, int vcpus, List<Long> vcpuTimesNs) {
}
