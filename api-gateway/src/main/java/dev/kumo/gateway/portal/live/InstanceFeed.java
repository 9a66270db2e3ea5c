package dev.kumo.gateway.portal.live;

import dev.kumo.contracts.Topics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The portal's live feed: which instances just changed, for the pages open in browsers.
 *
 * <p>Each gateway replica reads {@code kumo.instance.events} itself, with every partition assigned and no consumer
 * group (nothing is committed, it starts at the end), so every replica sees every event whichever replica holds the
 * {@code api-gateway} group's partitions. An event names its instance (the record key); the instance's project
 * decides who is told: its project's sessions and operators'.
 *
 * <p>The {@code api-gateway} group applies the same event to the database independently, possibly after this feed
 * saw it; so a changed instance is told at once and, should its row change within the settle window, told again,
 * and a page that reloads what it shows is never left with the state from before the event.
 */
@ApplicationScoped
public class InstanceFeed {

    private static final Logger LOG = Logger.getLogger(InstanceFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long WATCH_EVERY_MS = 250;

    /** A browser tab listening: what it may see, and where to tell it. */
    private record Listener(String projectId, boolean admin, MultiEmitter<? super String> emitter) {

        boolean sees(String project) {
            return admin || project.equals(projectId);
        }
    }

    /** An instance whose row may still change because of an event the gateway has not applied yet. */
    private record Watch(String projectId, int version, Instant until) {
    }

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final Map<String, Watch> watched = new ConcurrentHashMap<>();
    private final String bootstrapServers;
    private final Duration settleWindow;
    private final AgroalDataSource database;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    /** When the first of the pages listening now came: the paused feed resumes at the events since. */
    private volatile Instant listenedSince = Instant.EPOCH;
    private ScheduledExecutorService watcher;
    private Thread loop;

    public InstanceFeed(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "kumo.portal.settle-window", defaultValue = "15s") Duration settleWindow,
            AgroalDataSource database) {
        this.bootstrapServers = bootstrapServers;
        this.settleWindow = settleWindow;
        this.database = database;
    }

    /** The ids of the instances that change from now on and that a session of this project (or an operator) sees. */
    public Multi<String> changes(String projectId, boolean admin) {
        return Multi.createFrom().<String>emitter(emitter -> {
            Listener listener = new Listener(projectId, admin, emitter);
            if (listeners.isEmpty()) {
                listenedSince = Instant.now();
            }
            listeners.add(listener);
            emitter.onTermination(() -> listeners.remove(listener));
        });
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        watcher = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "portal-feed-settle"));
        watcher.scheduleWithFixedDelay(this::checkWatched, WATCH_EVERY_MS, WATCH_EVERY_MS, TimeUnit.MILLISECONDS);
        loop = daemon(this::run, "portal-feed");
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (watcher != null) {
            watcher.shutdownNow();
        }
        listeners.forEach(listener -> listener.emitter().complete());
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> events = new KafkaConsumer<>(properties())) {
                consumer = events;
                List<TopicPartition> partitions = partitions(events);
                events.assign(partitions);
                events.seekToEnd(partitions);
                LOG.infof("portal feed reads %d partitions of %s", partitions.size(), Topics.INSTANCE_EVENTS);
                while (running) {
                    readWhileListened(events, partitions);
                    for (ConsumerRecord<String, byte[]> record : events.poll(POLL)) {
                        if (record.key() != null) {
                            changed(record.key());
                        }
                    }
                }
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("portal feed: %s; reconnecting", e.toString());
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * Fetches events only while a page listens: without one the partitions are paused (no broker reads, no records
     * to skip), and a first listener resumes them at the events sent since it came (it may come during a poll).
     */
    private void readWhileListened(KafkaConsumer<String, byte[]> events, List<TopicPartition> partitions) {
        boolean paused = !events.paused().isEmpty();
        if (listeners.isEmpty() && !paused) {
            events.pause(partitions);
        } else if (!listeners.isEmpty() && paused) {
            seekToSince(events, partitions, listenedSince);
            events.resume(partitions);
        }
    }

    /** Each partition at its first event sent at or after the instant, or at its end. */
    private static void seekToSince(KafkaConsumer<String, byte[]> events, List<TopicPartition> partitions,
            Instant since) {
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(partition -> at.put(partition, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = events.offsetsForTimes(at);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = found.get(partition);
            if (offset == null) {
                events.seekToEnd(List.of(partition));
            } else {
                events.seek(partition, offset.offset());
            }
        }
    }

    /** The topic's partitions, waiting for the topic to exist (the first service to start creates it). */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> events) {
        while (running) {
            List<PartitionInfo> found = events.partitionsFor(Topics.INSTANCE_EVENTS, Duration.ofSeconds(10));
            if (found != null && !found.isEmpty()) {
                return found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new WakeupException();
    }

    private void changed(String instanceId) {
        if (listeners.isEmpty()) {
            return;
        }
        row(instanceId).ifPresent(row -> {
            tell(instanceId, row.projectId());
            watched.put(instanceId, new Watch(row.projectId(), row.version(), Instant.now().plus(settleWindow)));
        });
    }

    /** Tells again, once, each watched instance whose row has changed since its event; forgets the settled ones. */
    private void checkWatched() {
        try {
            Instant now = Instant.now();
            watched.forEach((id, watch) -> {
                Optional<Watch> row = listeners.isEmpty() ? Optional.empty() : row(id);
                if (row.isPresent() && row.get().version() != watch.version()) {
                    watched.remove(id, watch);
                    tell(id, watch.projectId());
                } else if (row.isEmpty() || now.isAfter(watch.until())) {
                    watched.remove(id, watch);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("portal feed: settle check failed: %s", e);
        }
    }

    private void tell(String instanceId, String projectId) {
        for (Listener listener : listeners) {
            if (listener.sees(projectId)) {
                synchronized (listener) {
                    listener.emitter().emit(instanceId);
                }
            }
        }
    }

    /** The instance's project (which never changes) and row version, read without Hibernate on the feed's threads. */
    private Optional<Watch> row(String instanceId) {
        UUID id;
        try {
            id = UUID.fromString(instanceId);
        } catch (IllegalArgumentException notAnInstance) {
            return Optional.empty();
        }
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select project_id, version from instance where id = ?")) {
            query.setObject(1, id);
            try (ResultSet found = query.executeQuery()) {
                return found.next() ? Optional.of(new Watch(found.getString(1), found.getInt(2), null))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.debugf("portal feed: cannot read instance %s: %s", instanceId, e);
            return Optional.empty();
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-portal-feed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
