package dev.kumo.gateway.portal.hosts;

import dev.kumo.gateway.hosts.ComputeHost;

/** A compute host as the operator's pages show it: liveness, service status, and how full it is. */
public record HostRow(ComputeHost host) {

    public String name() {
        return host.name();
    }

    public String state() {
        return host.isUp() ? "up" : "down";
    }

    public int vcpuPercent() {
        return percent(host.usedVcpus(), host.vcpus());
    }

    public int ramPercent() {
        return percent(host.usedMemoryMb(), host.memoryMb());
    }

    public int diskPercent() {
        return percent(host.usedDiskGb(), host.diskGb());
    }

    /** Used over total; above 100 with overcommitting allocation ratios, which the bar shows as full. */
    static int percent(long used, long total) {
        return total <= 0 ? 0 : (int) Math.round(100.0 * used / total);
    }

    /** How full each bar is drawn: overcommitted hosts show full. */
    public int vcpuBar() {
        return Math.min(100, vcpuPercent());
    }

    public int ramBar() {
        return Math.min(100, ramPercent());
    }

    public int diskBar() {
        return Math.min(100, diskPercent());
    }
}
