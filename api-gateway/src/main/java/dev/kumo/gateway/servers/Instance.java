package dev.kumo.gateway.servers;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.FetchType;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An instance (a "server" in the API) as its tenant sees it. vm_state says what it is, task_state what is
 * being done to it, as in Nova. The row stays after deletion with {@code deletedAt} set.
 */
@Entity
@Table(name = "instance")
public class Instance extends PanacheEntityBase {

    private static final int SKIP_LOCKED = -2;

    @Id
    public UUID id;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "user_id")
    public String userId;

    public String name;

    @Column(name = "flavor_id")
    public String flavorId;

    @Column(name = "image_ref")
    public String imageRef;

    public int vcpus;

    @Column(name = "memory_mb")
    public long memoryMb;

    @Column(name = "disk_gb")
    public long diskGb;

    @Column(name = "vm_state")
    public String vmState;

    @Column(name = "task_state")
    public String taskState;

    @Column(name = "power_state")
    public int powerState;

    public String host;

    @Column(name = "launched_at")
    public Instant launchedAt;

    @Column(name = "fault_code")
    public Integer faultCode;

    @Column(name = "fault_message")
    public String faultMessage;

    @Column(name = "fault_created_at")
    public Instant faultCreatedAt;

    @Column(name = "build_deadline")
    public Instant buildDeadline;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public String description;

    @Column(name = "key_name")
    public String keyName;

    @Column(name = "public_key")
    public String publicKey;

    @Column(name = "user_data")
    public String userData;

    @Column(name = "availability_zone")
    public String availabilityZone;

    @Column(name = "config_drive")
    public boolean configDrive;

    @Column(name = "access_ipv4")
    public String accessIpv4;

    @Column(name = "access_ipv6")
    public String accessIpv6;

    public String hostname;

    @Column(name = "reservation_id")
    public String reservationId;

    @Column(name = "launch_index")
    public int launchIndex;

    /** The security group names, comma-separated. */
    @Column(name = "security_groups")
    public String securityGroups;

    /** Who locked it: {@code owner} or {@code admin}; null when unlocked. */
    @Column(name = "locked_by")
    public String lockedBy;

    @Column(name = "server_group_id")
    public UUID serverGroupId;

    /** When the running task (stop, reboot...) must have finished; null when none runs. */
    @Column(name = "task_deadline")
    public Instant taskDeadline;

    @Column(name = "terminated_at")
    public Instant terminatedAt;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "instance_metadata", joinColumns = @JoinColumn(name = "instance_id"))
    @MapKeyColumn(name = "key")
    @Column(name = "value")
    public Map<String, String> metadata = new LinkedHashMap<>();

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "instance_tag", joinColumns = @JoinColumn(name = "instance_id"))
    @Column(name = "tag")
    public Set<String> tags = new TreeSet<>();

    /** The ports its domain is plugged into, in the order of its interfaces (reported by its host). */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "instance_port", joinColumns = @JoinColumn(name = "instance_id"))
    @OrderColumn(name = "position")
    public List<InstancePort> ports = new ArrayList<>();

    /** The floating IPs of its ports (port id to comma-separated addresses), as network-service reports them. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "instance_floating_ip", joinColumns = @JoinColumn(name = "instance_id"))
    @MapKeyColumn(name = "port_id")
    @Column(name = "addresses")
    public Map<String, String> floatingIps = new LinkedHashMap<>();

    @Version
    public int version;

    /** Its domain now runs plugged into these ports, as its host reports. */
    public void pluggedInto(List<dev.kumo.contracts.instance.AttachedPort> attached) {
        ports.clear();
        attached.forEach(port -> ports.add(InstancePort.of(port)));
    }

    /** The port's floating IPs are now these (none: it has none). */
    public void floatingIpsOf(String portId, List<String> addresses) {
        String joined = String.join(",", addresses);
        if (addresses.isEmpty()) {
            floatingIps.remove(portId);
        } else if (!joined.equals(floatingIps.get(portId))) {
            floatingIps.put(portId, joined);
        }
    }

    public boolean isLocked() {
        return lockedBy != null;
    }

    public List<String> securityGroupNames() {
        return securityGroups == null || securityGroups.isBlank() ? List.of()
                : List.of(securityGroups.split(","));
    }

    public boolean isBuilding() {
        return VmState.BUILDING.equals(vmState);
    }

    public boolean isDeleting() {
        return TaskState.DELETING.equals(taskState);
    }

    public void fail(int code, String message, Instant at) {
        vmState = VmState.ERROR;
        taskState = null;
        faultCode = code;
        faultMessage = message;
        faultCreatedAt = at;
        updatedAt = at;
    }

    /** A live (not deleted) instance, visible to the project, or to anyone when projectId is null. */
    public static Optional<Instance> visible(UUID id, String projectId) {
        return Instance.<Instance>findByIdOptional(id)
                .filter(instance -> instance.deletedAt == null)
                .filter(instance -> projectId == null || projectId.equals(instance.projectId));
    }

    public static Optional<Instance> forUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Builds past their deadline, locked for this transaction; rows another replica holds are skipped. */
    public static List<Instance> overdueBuilds(Instant now, int limit) {
        return find("vmState = ?1 and buildDeadline < ?2", VmState.BUILDING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .page(0, limit).list();
    }

    /** Power actions past their deadline, locked for this transaction. */
    public static List<Instance> overdueTasks(Instant now, int limit) {
        return find("taskDeadline < ?1 and deletedAt is null", now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .page(0, limit).list();
    }

    /** Deletes not confirmed since the cutoff, locked for this transaction. */
    public static List<Instance> stalledDeletes(Instant cutoff, int limit) {
        return find("taskState = ?1 and deletedAt is null and updatedAt < ?2", TaskState.DELETING, cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .page(0, limit).list();
    }
}
