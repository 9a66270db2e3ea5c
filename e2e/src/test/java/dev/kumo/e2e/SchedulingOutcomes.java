package dev.kumo.e2e;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.MessageHeaders;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import dev.kumo.contracts.instance.InstanceScheduled;
import dev.kumo.testsupport.MessageBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code kumo.instance.events} from the moment it is opened for the scheduler's answers to builds:
 * {@code instance.scheduled} (with the host) or {@code instance.build-failed}, each with when it was seen.
 * Every answer is kept, so a duplicate shows.
 */
final class SchedulingOutcomes implements AutoCloseable {

    record Outcome(UUID instanceId, String host, boolean scheduled, long seenAtNanos) {
    }

    private final Set<UUID> watched;
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Map<UUID, Boolean> answered = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    SchedulingOutcomes(Set<UUID> watched) {
        this.watched = watched;
        KafkaConsumer<String, byte[]> consumer = consumer();
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.INSTANCE_EVENTS).stream()
                .map(info -> new TopicPartition(Topics.INSTANCE_EVENTS, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any build is sent
        this.reader = new Thread(() -> read(consumer), "scheduling-outcomes");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(KafkaConsumer<String, byte[]> consumer) {
        MessageCodec codec = new MessageCodec();
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String type = MessageBus.header(record, MessageHeaders.TYPE);
                    if (!"instance.scheduled".equals(type) && !"instance.build-failed".equals(type)) {
                        continue;
                    }
                    Message message = codec.decode(type, record.value());
                    long now = System.nanoTime();
                    if (message instanceof InstanceScheduled scheduled && watched.contains(scheduled.instanceId())) {
                        add(new Outcome(scheduled.instanceId(), scheduled.host(), true, now));
                    } else if (message instanceof InstanceBuildFailed failed && watched.contains(failed.instanceId())) {
                        add(new Outcome(failed.instanceId(), null, false, now));
                    }
                }
            }
        }
    }

    private void add(Outcome outcome) {
        outcomes.add(outcome);
        answered.put(outcome.instanceId(), outcome.scheduled());
    }

    /** How many of the watched builds have an answer. */
    int answered() {
        return answered.size();
    }

    List<Outcome> all() {
        return List.copyOf(outcomes);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KumoSystem.KAFKA);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
    }
}
