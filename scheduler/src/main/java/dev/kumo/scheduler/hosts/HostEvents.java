package dev.kumo.scheduler.hosts;

import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostHeartbeats;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps the host inventory: a registration inserts or refreshes a host's capacity, a heartbeat moves
 * its last-seen time forward. Both are idempotent by nature (a repeat sets the same values, an older
 * heartbeat never moves the time back), so they skip the inbox. A new host starts with the configured allocation
 * ratios and reservations; a re-registration keeps what an operator set since.
 */
@ApplicationScoped
public class HostEvents implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(HostEvents.class);

    private final EntityManager entityManager;
    private final InventoryDefaults defaults;

    public HostEvents(EntityManager entityManager, InventoryDefaults defaults) {
        this.entityManager = entityManager;
        this.defaults = defaults;
    }

    @Override
    public String consumerGroup() {
        return "scheduler-hosts";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.HOST_EVENTS);
    }

    @Override
    public boolean needsInbox() {
        return false;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof HostRegistered registered) {
            register(registered);
        } else if (message.payload() instanceof HostHeartbeat heartbeat) {
            beat(heartbeat);
        } else if (message.payload() instanceof HostHeartbeats heartbeats) {
            beat(heartbeats);
        }
    }

    private void register(HostRegistered host) {
        int changed = entityManager.createNativeQuery("""
                insert into host (name, hypervisor_type, domain_type, libvirt_uri, vcpus, memory_mb, disk_gb,
                                  registered_at, last_heartbeat_at, agent_url, cpu_allocation_ratio,
                                  ram_allocation_ratio, disk_allocation_ratio, reserved_vcpus, reserved_memory_mb,
                                  reserved_disk_gb, architecture)
                values (:name, :hypervisorType, :domainType, :uri, :vcpus, :memoryMb, :diskGb, :at, :at, :agentUrl,
                        :cpuRatio, :ramRatio, :diskRatio, :reservedVcpus, :reservedMemoryMb, :reservedDiskGb,
                        :architecture)
                on conflict (name) do update set
                    hypervisor_type = excluded.hypervisor_type, domain_type = excluded.domain_type,
                    libvirt_uri = excluded.libvirt_uri, vcpus = excluded.vcpus, memory_mb = excluded.memory_mb,
                    disk_gb = excluded.disk_gb, agent_url = excluded.agent_url,
                    architecture = coalesce(excluded.architecture, host.architecture),
                    last_heartbeat_at = greatest(host.last_heartbeat_at, excluded.last_heartbeat_at)
                """)
                .setParameter("name", host.host())
                .setParameter("hypervisorType", host.hypervisorType())
                .setParameter("domainType", host.domainType())
                .setParameter("uri", host.libvirtUri())
                .setParameter("agentUrl", host.agentUrl())
                .setParameter("vcpus", host.capacity().vcpus())
                .setParameter("memoryMb", host.capacity().memoryMb())
                .setParameter("diskGb", host.capacity().diskGb())
                .setParameter("at", Timestamp.from(host.at()))
                .setParameter("cpuRatio", defaults.cpuRatio)
                .setParameter("ramRatio", defaults.ramRatio)
                .setParameter("diskRatio", defaults.diskRatio)
                .setParameter("reservedVcpus", defaults.reserved.vcpus())
                .setParameter("reservedMemoryMb", defaults.reserved.memoryMb())
                .setParameter("reservedDiskGb", defaults.reserved.diskGb())
                .setParameter("architecture", host.architecture())
                .executeUpdate();
        if (host.traits() != null) {
            reportedTraits(host.host(), host.traits());
        }
        LOG.debugf("host %s registered (%d row)", host.host(), changed);
    }

    /**
     * Makes the host's standard traits those its agent reports, keeping the CUSTOM_* ones operators set; a change
     * moves the resource provider's generation on, as Placement does. Trait names have no commas.
     */
    private void reportedTraits(String host, List<String> traits) {
        String reported = traits.stream().filter(trait -> !trait.startsWith(HostTraits.CUSTOM_PREFIX))
                .collect(Collectors.joining(","));
        int removed = entityManager.createNativeQuery("""
                delete from host_trait where host = :host and left(trait, 7) <> 'CUSTOM_'
                  and trait <> all(string_to_array(:traits, ','))
                """)
                .setParameter("host", host).setParameter("traits", reported).executeUpdate();
        int added = entityManager.createNativeQuery("""
                insert into host_trait (host, trait) select :host, trait from unnest(string_to_array(:traits, ',')) trait
                on conflict do nothing
                """)
                .setParameter("host", host).setParameter("traits", reported).executeUpdate();
        if (removed + added > 0) {
            entityManager.createNativeQuery("update host set generation = generation + 1 where name = :host")
                    .setParameter("host", host).executeUpdate();
        }
    }

    private void beat(HostHeartbeat heartbeat) {
        entityManager.createNativeQuery("""
                update host set last_heartbeat_at = greatest(last_heartbeat_at, :at), running_instances = :running
                where name = :name
                """)
                .setParameter("at", Timestamp.from(heartbeat.at()))
                .setParameter("running", heartbeat.runningInstances())
                .setParameter("name", heartbeat.host())
                .executeUpdate();
    }

    /**
     * A fleet's batch in one statement. Rows are locked in name order, as every batch does, so two batches never
     * wait on each other crosswise; host names have no commas (they are DNS names).
     */
    private void beat(HostHeartbeats heartbeats) {
        List<HostHeartbeats.Beat> beats = heartbeats.hosts().stream()
                .sorted(Comparator.comparing(HostHeartbeats.Beat::host)).toList();
        if (beats.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                update host set last_heartbeat_at = greatest(last_heartbeat_at, :at), running_instances = beat.running
                from unnest(string_to_array(:names, ','), cast(string_to_array(:running, ',') as int[]))
                     as beat(name, running)
                where host.name = beat.name
                """)
                .setParameter("at", Timestamp.from(heartbeats.at()))
                .setParameter("names", beats.stream().map(HostHeartbeats.Beat::host).collect(Collectors.joining(",")))
                .setParameter("running", beats.stream().map(beat -> Integer.toString(beat.runningInstances()))
                        .collect(Collectors.joining(",")))
                .executeUpdate();
    }
}
