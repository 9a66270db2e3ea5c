package dev.kumo.testsupport;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
 * A test's hands on the Kafka topics: send a Kumo message as a service would (with its envelope
 * headers), read back what the services sent, and replay records verbatim to prove idempotence.
 */
public final class MessageBus implements AutoCloseable {

    private final String bootstrapServers;
    private final MessageCodec codec = new MessageCodec();
    private final KafkaProducer<String, byte[]> producer;

    public MessageBus(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
    }

    /** Sends a message with a fresh message id; returns the id. */
    public UUID send(Message message) {
        return send(message, UUID.randomUUID());
    }

    /** Sends a message with the given message id, as a redelivery would. */
    public UUID send(Message message, UUID messageId) {
        resend(record(message, messageId));
        return messageId;
    }

    /** Sends the messages as one burst, as a busy producer would: all handed to Kafka, then every ack awaited. */
    public void sendAll(java.util.List<? extends Message> messages) {
        java.util.List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>(messages.size());
        for (Message message : messages) {
            acks.add(producer.send(record(message, UUID.randomUUID())));
        }
        try {
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send a burst of " + messages.size() + " messages", e);
        }
    }

    private ProducerRecord<String, byte[]> record(Message message, UUID messageId) {
        Contract contract = MessageCodec.contractOf(message);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(contract.topic(), message.key(),
                codec.encode(message));
        record.headers()
                .add(MessageHeaders.MESSAGE_ID, bytes(messageId.toString()))
                .add(MessageHeaders.TYPE, bytes(contract.type()))
                .add(MessageHeaders.VERSION, bytes(Integer.toString(contract.version())));
        return record;
    }

    /** Sends a record exactly as it was read: same key, value and headers. */
    public void resend(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e);
        }
    }

    public static ProducerRecord<String, byte[]> copyOf(ConsumerRecord<String, byte[]> record) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach(header -> copy.headers().add(header));
        return copy;
    }

    /** Every record on the topic from the beginning, read until the end as it is now. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Instant giveUp = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Waits for a message of the type on the topic that matches; fails after the timeout. */
    public <T extends Message> T await(Class<T> type, Predicate<T> matching, Duration timeout) {
        Contract contract = MessageCodec.contractOf(type);
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            for (ConsumerRecord<String, byte[]> record : readAll(contract.topic())) {
                if (contract.type().equals(header(record, MessageHeaders.TYPE))) {
                    T message = type.cast(codec.decode(contract.type(), record.value()));
                    if (matching.test(message)) {
                        return message;
                    }
                }
            }
            sleep(100);
        }
        throw new AssertionError("no " + contract.type() + " matching the expectation within " + timeout);
    }

    /** All messages of the type currently on its topic that match. */
    public <T extends Message> List<T> all(Class<T> type, Predicate<T> matching) {
        Contract contract = MessageCodec.contractOf(type);
        List<T> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readAll(contract.topic())) {
            if (contract.type().equals(header(record, MessageHeaders.TYPE))) {
                T message = type.cast(codec.decode(contract.type(), record.value()));
                if (matching.test(message)) {
                    found.add(message);
                }
            }
        }
        return found;
    }

    public Message decode(ConsumerRecord<String, byte[]> record) {
        return codec.decode(header(record, MessageHeaders.TYPE), record.value());
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
