package dev.kumo.agent.messaging;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reads the commands of this agent's hosts. It joins no group rebalance: it assigns itself the partitions its
 * host names hash to (as the producers' default partitioner does), skips the records of other agents' hosts in
 * them, and commits the offsets of a poll by hand once its commands are applied and their events acknowledged.
 * A crash redelivers; the idempotent hypervisor converges and the events keep their message ids.
 */
public final class CommandConsumer implements Runnable {

    public static final String MDC_REQUEST_ID = "requestId";

    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);
    private static final int ATTEMPTS = 5;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    // Offsets of a group without members expire (offsets.retention.minutes): refresh them even when idle.
    private static final Duration IDLE_COMMIT = Duration.ofMinutes(5);

    private final KafkaClients kafka;
    private final EventPublisher publisher;
    private final CommandHandler handler;
    private final Set<String> hosts;
    private final String groupId;
    private final MessageCodec codec = new MessageCodec();
    private final CompletableFuture<Set<TopicPartition>> assigned = new CompletableFuture<>();
    private final DeadLetters deadLetters;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean polling;

    public CommandConsumer(KafkaClients kafka, EventPublisher publisher, CommandHandler handler, Set<String> hosts,
            String groupId, MeterRegistry metrics) {
        this.kafka = kafka;
        this.publisher = publisher;
        this.handler = handler;
        this.hosts = Set.copyOf(hosts);
        this.groupId = groupId;
        this.deadLetters = new DeadLetters(kafka, groupId, metrics.counter("kumo.agent.commands.dead_lettered"));
    }

    /** Completes with the partitions once they are assigned and positioned. */
    public CompletableFuture<Set<TopicPartition>> assigned() {
        return assigned;
    }

    /** Whether the consumer has its partitions and is reading them. */
    public boolean isPolling() {
        return polling;
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafkaConsumer = kafka.consumer(groupId)) {
            consumer = kafkaConsumer;
            Optional<Set<TopicPartition>> partitions = assignWhenTopicExists(kafkaConsumer);
            if (partitions.isEmpty()) {
                return;
            }
            startWhereLeftOff(kafkaConsumer, partitions.get());
            polling = true;
            assigned.complete(partitions.get());
            LOG.infof("reading commands of %d host(s) from %d partition(s) of %s as %s", hosts.size(),
                    partitions.get().size(), Topics.HOST_COMMANDS, groupId);
            pollUntilStopped(kafkaConsumer);
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "the command consumer %s stopped", groupId);
            assigned.completeExceptionally(e);
        } finally {
            polling = false;
        }
    }

    private Optional<Set<TopicPartition>> assignWhenTopicExists(KafkaConsumer<String, byte[]> kafkaConsumer) {
        while (running) {
            try {
                List<PartitionInfo> partitions = kafkaConsumer.partitionsFor(Topics.HOST_COMMANDS, Duration.ofSeconds(5));
                if (partitions != null && !partitions.isEmpty()) {
                    Set<TopicPartition> mine = HostPartitions.of(Topics.HOST_COMMANDS, hosts, partitions.size());
                    kafkaConsumer.assign(mine);
                    return Optional.of(mine);
                }
                LOG.infof("waiting for topic %s at %s", Topics.HOST_COMMANDS, kafka.bootstrapServers());
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.infof("waiting for Kafka at %s: %s", kafka.bootstrapServers(), e.getMessage());
            }
            pause(RETRY_PAUSE);
        }
        return Optional.empty();
    }

    /**
     * Resumes at the committed offsets. A group's first start begins at the end and commits that position at once:
     * the scheduler only sends commands to a host after it registered, which happens after this.
     */
    private void startWhereLeftOff(KafkaConsumer<String, byte[]> kafkaConsumer, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = kafkaConsumer.committed(partitions);
        List<TopicPartition> fresh = partitions.stream().filter(tp -> committed.get(tp) == null).toList();
        if (fresh.isEmpty()) {
            return;
        }
        kafkaConsumer.seekToEnd(fresh);
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        fresh.forEach(tp -> start.put(tp, new OffsetAndMetadata(kafkaConsumer.position(tp))));
        kafkaConsumer.commitSync(start);
        LOG.infof("group %s starts %d partition(s) at their end", groupId, fresh.size());
    }

    private void pollUntilStopped(KafkaConsumer<String, byte[]> kafkaConsumer) {
        long lastCommit = System.nanoTime();
        while (running) {
            ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(POLL);
            try {
                if (!records.isEmpty()) {
                    applyAll(records);
                    kafkaConsumer.commitSync();
                    lastCommit = System.nanoTime();
                } else if (System.nanoTime() - lastCommit > IDLE_COMMIT.toNanos()) {
                    kafkaConsumer.commitSync();
                    lastCommit = System.nanoTime();
                }
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warnf("commands not confirmed, applying them again: %s", e.getMessage());
                rewind(kafkaConsumer, records);
                pause(RETRY_PAUSE);
            }
        }
    }

    /** Applies the commands of a poll, sends their events, and waits until Kafka acknowledged every one. */
    private void applyAll(ConsumerRecords<String, byte[]> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (hosts.contains(record.key())) {
                apply(record).ifPresent(acks::add);
            }
        }
        EventPublisher.awaitAll(acks);
    }

    private Optional<Future<RecordMetadata>> apply(ConsumerRecord<String, byte[]> record) {
        CommandEnvelope envelope = CommandEnvelope.of(record);
        putRequestId(envelope.requestId());
        try {
            if (envelope.messageId() == null || envelope.type() == null) {
                return Optional.of(deadLetters.send(record, "no message id or type"));
            }
            if (MessageCodec.typeNamed(envelope.type()).isEmpty()) {
                LOG.debugf("ignoring a command of unknown type %s", envelope.type());
                return Optional.empty();
            }
            Message command;
            try {
                command = codec.decode(envelope.type(), record.value());
            } catch (RuntimeException e) {
                return Optional.of(deadLetters.send(record, "undecodable: " + e.getMessage()));
            }
            Optional<Message> event;
            try {
                event = applyWithRetries(command);
            } catch (RuntimeException e) {
                return Optional.of(deadLetters.send(record, e.toString()));
            }
            return event.map(happened -> publisher.send(happened,
                    OutgoingMessages.eventIdFor(envelope.messageId(), happened), envelope.requestId()));
        } finally {
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    private Optional<Message> applyWithRetries(Message command) {
        for (int attempt = 1; ; attempt++) {
            try {
                return handler.apply(command);
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.errorf(e, "%s failed %d times; dead-lettering it", command, ATTEMPTS);
                    throw e;
                }
                LOG.warnf("%s failed (attempt %d): %s", command, attempt, e.getMessage());
                pause(Duration.ofMillis(100L << attempt));
            }
        }
    }

    /** Puts the consumer back at the first record of each partition of the poll, to apply them all again. */
    private static void rewind(KafkaConsumer<String, byte[]> kafkaConsumer, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            kafkaConsumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private static void putRequestId(String requestId) {
        if (requestId == null) {
            MDC.remove(MDC_REQUEST_ID);
        } else {
            MDC.put(MDC_REQUEST_ID, requestId);
        }
    }

    private void pause(Duration duration) {
        if (!running) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
