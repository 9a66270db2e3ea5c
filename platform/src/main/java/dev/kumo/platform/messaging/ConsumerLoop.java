package dev.kumo.platform.messaging;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.MessageHeaders;
import dev.kumo.contracts.Topics;
import dev.kumo.platform.requestid.RequestId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reads one handler's topics and applies each message in its own transaction with the inbox check.
 * Offsets are committed after the messages are applied: a crash redelivers, the inbox drops the repeat.
 * A message that still fails after its retries goes to the dead-letter topic rather than block the
 * partition forever.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final int ATTEMPTS = 5;

    private final MessageHandler handler;
    private final KafkaClients kafka;
    private final Inbox inbox;
    private final MessageCodec codec = new MessageCodec();
    private final Counter handled;
    private final Counter deadLettered;
    private final io.micrometer.core.instrument.Timer delivery;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean polling;

    ConsumerLoop(MessageHandler handler, KafkaClients kafka, Inbox inbox, MeterRegistry metrics) {
        this.handler = handler;
        this.kafka = kafka;
        this.inbox = inbox;
        this.handled = metrics.counter("kumo.messages.handled", "consumer", handler.consumerGroup());
        this.deadLettered = metrics.counter("kumo.messages.dead_lettered", "consumer", handler.consumerGroup());
        this.delivery = io.micrometer.core.instrument.Timer.builder("kumo.messages.delivery")
                .description("From a message's send to its consumer having applied it")
                .tag("consumer", handler.consumerGroup())
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    boolean isPolling() {
        return polling;
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafkaConsumer = kafka.consumer(handler.consumerGroup())) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(handler.topics());
            while (running) {
                polling = true;
                ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(record);
                }
                if (!records.isEmpty()) {
                    kafkaConsumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "consumer %s stopped", handler.consumerGroup());
        } finally {
            polling = false;
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        IncomingMessage.Envelope envelope = IncomingMessage.envelopeOf(record);
        RequestId.set(envelope.requestId());
        MDC.put("messageId", String.valueOf(envelope.messageId()));
        try {
            if (envelope.messageId() == null || envelope.type() == null) {
                deadLetter(record, "no message id or type");
                return;
            }
            if (MessageCodec.typeNamed(envelope.type()).isEmpty()) {
                LOG.debugf("%s ignores unknown message type %s", handler.consumerGroup(), envelope.type());
                return;
            }
            Message payload = codec.decode(envelope.type(), record.value());
            IncomingMessage message = new IncomingMessage(envelope.messageId(), envelope.type(),
                    envelope.version(), record.key(), envelope.requestId(), payload);
            applyWithRetries(record, message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s cannot decode %s at %s-%d@%d", handler.consumerGroup(), envelope.type(),
                    record.topic(), record.partition(), record.offset());
            deadLetter(record, "undecodable: " + e.getMessage());
        } finally {
            RequestId.clear();
            MDC.remove("messageId");
        }
    }

    private void applyWithRetries(ConsumerRecord<String, byte[]> record, IncomingMessage message) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (!handler.needsInbox() || inbox.firstDelivery(handler.consumerGroup(), message.messageId())) {
                        handler.handle(message);
                    }
                });
                handled.increment();
                delivery.record(java.time.Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.errorf(e, "%s failed %d times on %s %s; dead-lettering it", handler.consumerGroup(),
                            ATTEMPTS, message.type(), message.messageId());
                    deadLetter(record, e.toString());
                    return;
                }
                LOG.warnf("%s failed on %s (attempt %d): %s", handler.consumerGroup(), message.type(), attempt, e);
                sleep(100L << attempt);
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.DEAD_LETTERS, record.key(), record.value());
        record.headers().forEach(header -> dead.headers().add(header));
        dead.headers().add("kumo-dead-letter-reason", reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        dead.headers().add("kumo-dead-letter-consumer",
                handler.consumerGroup().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        dead.headers().add("kumo-dead-letter-origin", (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            kafka.producer().send(dead).get();
            deadLettered.increment();
        } catch (Exception e) {
            throw new IllegalStateException("cannot dead-letter " + IncomingMessage.header(record, MessageHeaders.TYPE), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
