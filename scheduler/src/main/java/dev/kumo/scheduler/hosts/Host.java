package dev.kumo.scheduler.hosts;

import dev.kumo.contracts.Resources;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A compute host: what its agent offers and what is claimed on it. */
@Entity
@Table(name = "host")
public class Host extends PanacheEntityBase {

    @Id
    public String name;

    @Column(name = "hypervisor_type")
    public String hypervisorType;

    @Column(name = "domain_type")
    public String domainType;

    @Column(name = "libvirt_uri")
    public String libvirtUri;

    public int vcpus;

    @Column(name = "memory_mb")
    public long memoryMb;

    @Column(name = "disk_gb")
    public long diskGb;

    @Column(name = "used_vcpus")
    public int usedVcpus;

    @Column(name = "used_memory_mb")
    public long usedMemoryMb;

    @Column(name = "used_disk_gb")
    public long usedDiskGb;

    @Column(name = "running_instances")
    public int runningInstances;

    @Column(name = "registered_at")
    public Instant registeredAt;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    /** The host's number, as os-hypervisors shows it. */
    @Column(insertable = false, updatable = false)
    public Long id;

    @Column(name = "agent_url")
    public String agentUrl;

    /** A disabled host (os-services disable) takes no new instances. */
    public boolean enabled;

    @Column(name = "disabled_reason")
    public String disabledReason;

    /** A host in maintenance takes no new instances, forced builds included. */
    public boolean maintenance;

    @Column(name = "maintenance_reason")
    public String maintenanceReason;

    @Column(name = "cpu_allocation_ratio")
    public double cpuAllocationRatio;

    @Column(name = "ram_allocation_ratio")
    public double ramAllocationRatio;

    @Column(name = "disk_allocation_ratio")
    public double diskAllocationRatio;

    /** What the host keeps for itself: never offered to instances. */
    @Column(name = "reserved_vcpus")
    public int reservedVcpus;

    @Column(name = "reserved_memory_mb")
    public long reservedMemoryMb;

    @Column(name = "reserved_disk_gb")
    public long reservedDiskGb;

    /** The CPU architecture the agent reports, as Nova names it (x86_64, aarch64); null if it reports none. */
    public String architecture;

    /** The host's id as a Placement resource provider. */
    @Column(insertable = false, updatable = false)
    public java.util.UUID uuid;

    /** Placement's resource provider generation: grows with every change of the host's traits or inventories. */
    public long generation;

    public Resources capacity() {
        return new Resources(vcpus, memoryMb, diskGb);
    }

    public Resources reserved() {
        return new Resources(reservedVcpus, reservedMemoryMb, reservedDiskGb);
    }

    public Resources used() {
        return new Resources(usedVcpus, usedMemoryMb, usedDiskGb);
    }

    /** Set by an operator for a host known dead: down at once, whatever its heartbeats say. */
    @Column(name = "forced_down")
    public boolean forcedDown;

    public boolean isUp(Instant aliveSince) {
        return !forcedDown && lastHeartbeatAt != null && lastHeartbeatAt.isAfter(aliveSince);
    }
}
