package dev.kumo.agent.messaging;

import dev.kumo.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Puts a command the agent cannot apply on the dead-letter topic for an operator, with the reason and where it
 * came from, as the platform's consumers do, so that it does not block the commands behind it.
 */
final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaClients kafka;
    private final String consumer;
    private final Counter count;

    DeadLetters(KafkaClients kafka, String consumer, Counter count) {
        this.kafka = kafka;
        this.consumer = consumer;
        this.count = count;
    }

    /** Sends the record to the dead-letter topic; the future completes when Kafka acknowledged it. */
    Future<RecordMetadata> send(ConsumerRecord<String, byte[]> record, String reason) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.errorf("dead-lettering %s: %s", origin, reason);
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.DEAD_LETTERS, record.key(), record.value());
        record.headers().forEach(header -> dead.headers().add(header));
        dead.headers()
                .add("kumo-dead-letter-reason", bytes(reason))
                .add("kumo-dead-letter-consumer", bytes(consumer))
                .add("kumo-dead-letter-origin", bytes(origin));
        count.increment();
        return kafka.producer().send(dead);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
