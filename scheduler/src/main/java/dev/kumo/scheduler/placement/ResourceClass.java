package dev.kumo.scheduler.placement;

import dev.kumo.scheduler.api.ApiError;
import dev.kumo.scheduler.hosts.Host;

/** The resource classes a host's inventory has, as Placement names them, with where each lives on a host. */
enum ResourceClass {
    VCPU {
        long total(Host host) { return host.vcpus; }
        long reserved(Host host) { return host.reservedVcpus; }
        double ratio(Host host) { return host.cpuAllocationRatio; }
        void setReserved(Host host, long reserved) { host.reservedVcpus = (int) reserved; }
        void setRatio(Host host, double ratio) { host.cpuAllocationRatio = ratio; }
    },
    MEMORY_MB {
        long total(Host host) { return host.memoryMb; }
        long reserved(Host host) { return host.reservedMemoryMb; }
        double ratio(Host host) { return host.ramAllocationRatio; }
        void setReserved(Host host, long reserved) { host.reservedMemoryMb = reserved; }
        void setRatio(Host host, double ratio) { host.ramAllocationRatio = ratio; }
    },
    DISK_GB {
        long total(Host host) { return host.diskGb; }
        long reserved(Host host) { return host.reservedDiskGb; }
        double ratio(Host host) { return host.diskAllocationRatio; }
        void setReserved(Host host, long reserved) { host.reservedDiskGb = reserved; }
        void setRatio(Host host, double ratio) { host.diskAllocationRatio = ratio; }
    };

    abstract long total(Host host);

    abstract long reserved(Host host);

    abstract double ratio(Host host);

    abstract void setReserved(Host host, long reserved);

    abstract void setRatio(Host host, double ratio);

    static ResourceClass of(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("No such resource class " + name + "; a host has VCPU, MEMORY_MB and DISK_GB.");
        }
    }
}
