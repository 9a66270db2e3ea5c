package dev.kumo.scheduler.hosts;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostHeartbeats;
import dev.kumo.platform.messaging.IncomingMessage;
import dev.kumo.platform.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Moves hosts' last-seen times forward. Heartbeats have a consumer group of their own on {@code kumo.host.events}: a
 * host is up only while its heartbeats are applied in time, so they never wait behind other work (a fleet's
 * registrations). Idempotent by nature (an older heartbeat never moves the time back), so they skip the inbox.
 */
@ApplicationScoped
public class Heartbeats implements MessageHandler {

    private final EntityManager entityManager;

    public Heartbeats(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public String consumerGroup() {
        return "scheduler-heartbeats";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.HOST_EVENTS);
    }

    @Override
    public boolean handles(Class<? extends Message> type) {
        return type == HostHeartbeat.class || type == HostHeartbeats.class;
    }

    @Override
    public boolean needsInbox() {
        return false;
    }

    @Override
    public void handle(IncomingMessage message) {
        if (message.payload() instanceof HostHeartbeat heartbeat) {
            beat(heartbeat);
        } else if (message.payload() instanceof HostHeartbeats heartbeats) {
            beat(heartbeats);
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
