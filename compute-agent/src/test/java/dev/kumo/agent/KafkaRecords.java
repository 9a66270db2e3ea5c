package dev.kumo.agent;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test's side of Kafka: sends commands as the scheduler does (a plain producer whose default partitioner
 * picks the partition from the host name) and reads what the agent published, from the beginning of the topics.
 */
final class KafkaRecords implements AutoCloseable {

    private static final MessageCodec CODEC = new MessageCodec();

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    KafkaRecords(String bootstrapServers, String... readTopics) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : readTopics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Sends a command with the headers every Kumo service writes, and waits for the broker's acknowledgement. */
    void send(Message command, UUID messageId, String requestId) throws Exception {
        var contract = MessageCodec.contractOf(command);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(contract.topic(), command.key(), CODEC.encode(command));
        record.headers()
                .add(MessageHeaders.MESSAGE_ID, bytes(messageId.toString()))
                .add(MessageHeaders.TYPE, bytes(contract.type()))
                .add(MessageHeaders.VERSION, bytes(Integer.toString(contract.version())))
                .add(MessageHeaders.REQUEST_ID, bytes(requestId));
        producer.send(record).get();
    }

    /** Reads until a record matches, or fails after the timeout. */
    ConsumerRecord<String, byte[]> await(String what, Predicate<ConsumerRecord<String, byte[]>> match) {
        return awaitCount(what, match, 1).get(0);
    }

    List<ConsumerRecord<String, byte[]>> awaitCount(String what, Predicate<ConsumerRecord<String, byte[]>> match,
            int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<ConsumerRecord<String, byte[]>> matching = matching(match);
            if (matching.size() >= count) {
                return matching;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        throw new AssertionError("no " + count + " x " + what + " within 30 s; seen " + seen.size() + " records");
    }

    List<ConsumerRecord<String, byte[]>> matching(Predicate<ConsumerRecord<String, byte[]>> match) {
        return seen.stream().filter(match).toList();
    }

    static Predicate<ConsumerRecord<String, byte[]>> ofType(String type, String key) {
        return record -> key.equals(record.key()) && type.equals(header(record, MessageHeaders.TYPE));
    }

    static Predicate<ConsumerRecord<String, byte[]>> withKey(String key) {
        return record -> key.equals(record.key());
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return Optional.ofNullable(record.headers().lastHeader(name))
                .map(header -> new String(header.value(), StandardCharsets.UTF_8))
                .orElse(null);
    }

    static Message payload(ConsumerRecord<String, byte[]> record) {
        return CODEC.decode(header(record, MessageHeaders.TYPE), record.value());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
