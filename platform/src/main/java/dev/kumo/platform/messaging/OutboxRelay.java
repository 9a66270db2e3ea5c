package dev.kumo.platform.messaging;

import dev.kumo.contracts.MessageHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka: wakes on every commit that wrote a message (and polls as a safety net),
 * sends the oldest messages in order, waits for the broker's acknowledgement, then deletes them. A crash
 * between send and delete resends a message, never loses one; consumers drop the duplicate by message id.
 * A PostgreSQL advisory lock keeps one relay per service database active, so order per key holds even
 * with several replicas.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final long RELAY_LOCK = 0x6b756d6f_6f7574L; // "kumo out"

    private final KafkaClients kafka;
    private final EntityManager entityManager;
    private final Duration pollInterval;
    private final Semaphore wakeups = new Semaphore(0);
    private final Counter published;
    private final Counter failures;
    private final io.micrometer.core.instrument.Timer delay;
    private volatile Thread thread;
    private volatile boolean running;

    public OutboxRelay(KafkaClients kafka, EntityManager entityManager, MeterRegistry metrics,
            @ConfigProperty(name = "kumo.outbox.poll-interval", defaultValue = "1s") Duration pollInterval) {
        this.kafka = kafka;
        this.entityManager = entityManager;
        this.pollInterval = pollInterval;
        this.published = metrics.counter("kumo.outbox.published");
        this.failures = metrics.counter("kumo.outbox.failures");
        this.delay = io.micrometer.core.instrument.Timer.builder("kumo.outbox.delay")
                .description("From a message's commit to the outbox to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** Asks the relay to look at the outbox now rather than at its next poll. */
    public void wake() {
        wakeups.release();
    }

    private void run() {
        while (running) {
            try {
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                while (running && drainBatch() == BATCH) {
                    // a full batch: there may be more waiting
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                LOG.warnf("outbox relay could not publish, will retry: %s", e.getMessage());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** Publishes up to one batch; returns how many messages it published. */
    int drainBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!holdsRelayLock()) {
                return 0;
            }
            List<OutboxMessage> batch = takeOldest();
            if (batch.isEmpty()) {
                return 0;
            }
            sendAndAwait(batch);
            java.time.Instant acked = java.time.Instant.now();
            batch.forEach(message -> delay.record(java.time.Duration.between(message.createdAt(), acked)));
            published.increment(batch.size());
            return batch.size();
        });
    }

    /**
     * The oldest waiting messages, in the order they were written, deleted in the same statement: the delete
     * commits only once the broker acknowledged them all, and a failed send rolls it back.
     */
    private List<OutboxMessage> takeOldest() {
        List<OutboxMessage> batch = new ArrayList<>();
        entityManager.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement take = connection.prepareStatement("""
                    delete from outbox_message where id in (select id from outbox_message order by id limit ?)
                    returning id, message_id, topic, message_key, type, version, payload, request_id, created_at""")) {
                take.setInt(1, BATCH);
                try (java.sql.ResultSet rows = take.executeQuery()) {
                    while (rows.next()) {
                        batch.add(OutboxMessage.of(rows));
                    }
                }
            }
        });
        batch.sort(java.util.Comparator.comparingLong(OutboxMessage::id));
        return batch;
    }

    private boolean holdsRelayLock() {
        Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(:key)")
                .setParameter("key", RELAY_LOCK)
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    private void sendAndAwait(List<OutboxMessage> batch) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage message : batch) {
            acks.add(kafka.producer().send(toRecord(message)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    static ProducerRecord<String, byte[]> toRecord(OutboxMessage message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(message.topic(), message.messageKey(),
                message.payload().getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(MessageHeaders.MESSAGE_ID, bytes(message.messageId().toString()))
                .add(MessageHeaders.TYPE, bytes(message.type()))
                .add(MessageHeaders.VERSION, bytes(Integer.toString(message.version())));
        if (message.requestId() != null) {
            record.headers().add(MessageHeaders.REQUEST_ID, bytes(message.requestId()));
        }
        return record;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
