package dev.kumo.scheduler.hosts;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps the host inventory: a registration inserts or refreshes a host's capacity. Idempotent by nature (a repeat
 * sets the same values), so it skips the inbox; a re-registration that changes nothing (the agents repeat theirs
 * every minute) writes nothing, and a burst of them (a fleet's 10,000 hosts at once) is applied in one transaction
 * per poll. A new host starts with the configured allocation ratios and reservations; a re-registration keeps what
 * an operator set since. Heartbeats are {@link Heartbeats}' business, in a consumer group of their own, so a burst of
 * registrations never holds up the heartbeats behind it until hosts look down.
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
    public boolean handles(Class<? extends Message> type) {
        return type == HostRegistered.class;
    }

    @Override
    public boolean needsInbox() {
        return false;
    }

    /** A registration locks only its own host's row, and only when something changed. */
    @Override
    public boolean appliesTogether(IncomingMessage message) {
        return true;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof HostRegistered registered) {
            register(registered);
        }
    }

    private void register(HostRegistered host) {
        // An update only when something changed and an insert only when the host is new: a repeated registration
        // that changes nothing locks no row (an upsert would lock it even when it writes nothing).
        int inserted = entityManager.createNativeQuery("""
                with updated as (
                    update host set hypervisor_type = :hypervisorType, domain_type = :domainType, libvirt_uri = :uri,
                                    vcpus = :vcpus, memory_mb = :memoryMb, disk_gb = :diskGb, agent_url = :agentUrl,
                                    architecture = coalesce(:architecture, architecture),
                                    last_heartbeat_at = greatest(last_heartbeat_at, :at)
                    where name = :name
                      and (hypervisor_type, domain_type, libvirt_uri, vcpus, memory_mb, disk_gb, agent_url,
                           architecture)
                          is distinct from (:hypervisorType, :domainType, :uri, :vcpus, :memoryMb, :diskGb,
                           :agentUrl, coalesce(:architecture, architecture))
                    returning name)
                insert into host (name, hypervisor_type, domain_type, libvirt_uri, vcpus, memory_mb, disk_gb,
                                  registered_at, last_heartbeat_at, agent_url, cpu_allocation_ratio,
                                  ram_allocation_ratio, disk_allocation_ratio, reserved_vcpus, reserved_memory_mb,
                                  reserved_disk_gb, architecture)
                select :name, :hypervisorType, :domainType, :uri, :vcpus, :memoryMb, :diskGb, :at, :at, :agentUrl,
                       :cpuRatio, :ramRatio, :diskRatio, :reservedVcpus, :reservedMemoryMb, :reservedDiskGb,
                       :architecture
                where not exists (select 1 from host where name = :name)
                on conflict (name) do nothing
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
        LOG.debugf("host %s registered (%s)", host.host(), inserted > 0 ? "new" : "known");
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
}
