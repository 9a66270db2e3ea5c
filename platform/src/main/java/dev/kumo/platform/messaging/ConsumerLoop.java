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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reads one handler's topics and applies each message in its own transaction with the inbox check, except that
 * consecutive messages of a poll that the handler {@linkplain MessageHandler#appliesTogether applies together} go
 * in one transaction, with one inbox statement for all of them: a burst costs one commit, not one per message. When
 * that transaction fails on one message, that one is applied again alone, in its own transaction with retries, and
 * the others together around it, so one bad message cannot hold back the others. Messages of types the handler does
 * not {@linkplain MessageHandler#handles handle} are passed by undecoded, without a transaction. Offsets are
 * committed after the messages are applied: a crash redelivers, the inbox drops the repeat. A message that still
 * fails after its retries goes to the dead-letter topic rather than block the partition forever.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final int ATTEMPTS = 5;
    private static final int APPLIED = -1;

    private final MessageHandler handler;
    private final int member;
    private final KafkaClients kafka;
    private final Inbox inbox;
    private final MessageCodec codec = new MessageCodec();
    private final Counter handled;
    private final Counter deadLettered;
    private final Counter batches;
    private final Counter batchesUndone;
    private final io.micrometer.core.instrument.Timer delivery;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean polling;

    ConsumerLoop(MessageHandler handler, int member, KafkaClients kafka, Inbox inbox, MeterRegistry metrics) {
        this.handler = handler;
        this.member = member;
        this.kafka = kafka;
        this.inbox = inbox;
        this.handled = metrics.counter("kumo.messages.handled", "consumer", handler.consumerGroup());
        this.deadLettered = metrics.counter("kumo.messages.dead_lettered", "consumer", handler.consumerGroup());
        this.batches = metrics.counter("kumo.messages.batches", "consumer", handler.consumerGroup(), "outcome",
                "committed");
        this.batchesUndone = metrics.counter("kumo.messages.batches", "consumer", handler.consumerGroup(), "outcome",
                "applied_one_by_one");
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
        try (KafkaConsumer<String, byte[]> kafkaConsumer = kafka.consumer(handler.consumerGroup(), member)) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(handler.topics());
            while (running) {
                polling = true;
                ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    applyAll(records);
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

    /** A record and the message decoded from it. */
    private record Delivery(ConsumerRecord<String, byte[]> record, IncomingMessage message) {
    }

    private void applyAll(ConsumerRecords<String, byte[]> records) {
        List<Delivery> deliveries = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            decode(record).ifPresent(deliveries::add);
        }
        List<Delivery> together = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (handler.appliesTogether(delivery.message())) {
                together.add(delivery);
            } else {
                applyEach(together);
                together.clear();
                applyEach(List.of(delivery));
            }
        }
        applyEach(together);
    }

    /**
     * Applies the messages in one transaction if there are several. When that fails on one message, the messages
     * before it are applied together again, that one alone, and those after it together; a failure not tied to one
     * message (at the commit) applies them one by one. All in order.
     */
    private void applyEach(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        if (deliveries.size() == 1) {
            applyAlone(deliveries.get(0));
            return;
        }
        int failed = applyTogether(deliveries);
        if (failed == APPLIED) {
            return;
        }
        if (failed == deliveries.size()) {
            deliveries.forEach(this::applyAlone);
            return;
        }
        applyEach(deliveries.subList(0, failed));
        applyAlone(deliveries.get(failed));
        applyEach(deliveries.subList(failed + 1, deliveries.size()));
    }

    private void applyAlone(Delivery delivery) {
        withContext(delivery.message(), () -> applyWithRetries(delivery.record(), delivery.message()));
    }

    /**
     * Applies the messages in one transaction: {@link #APPLIED}, or (nothing applied) the index of the message that
     * failed, the list's size when the commit failed.
     */
    private int applyTogether(List<Delivery> deliveries) {
        int[] current = {0};
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Set<UUID> first = firstDeliveries(deliveries);
                for (current[0] = 0; current[0] < deliveries.size(); current[0]++) {
                    Delivery delivery = deliveries.get(current[0]);
                    if (first.remove(delivery.message().messageId())) {
                        withContext(delivery.message(), () -> handler.handle(delivery.message().inBatch()));
                        inbox.endOfMessage();
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("%s could not apply %d messages together (failed at %d): %s", handler.consumerGroup(),
                    deliveries.size(), current[0], e);
            batchesUndone.increment();
            return current[0];
        }
        batches.increment();
        deliveries.forEach(delivery -> applied(delivery.record()));
        return APPLIED;
    }

    /** The messages of a batch not applied before, each once (a poll may hold a message twice). */
    private Set<UUID> firstDeliveries(List<Delivery> deliveries) {
        List<UUID> ids = deliveries.stream().map(delivery -> delivery.message().messageId()).toList();
        return handler.needsInbox() ? inbox.firstDeliveries(handler.consumerGroup(), ids) : new HashSet<>(ids);
    }

    private Optional<Delivery> decode(ConsumerRecord<String, byte[]> record) {
        IncomingMessage.Envelope envelope = IncomingMessage.envelopeOf(record);
        if (envelope.messageId() == null || envelope.type() == null) {
            deadLetter(record, "no message id or type");
            return Optional.empty();
        }
        Optional<Class<? extends Message>> type = MessageCodec.typeNamed(envelope.type());
        if (type.isEmpty()) {
            LOG.debugf("%s ignores unknown message type %s", handler.consumerGroup(), envelope.type());
            return Optional.empty();
        }
        if (!handler.handles(type.get())) {
            return Optional.empty();
        }
        try {
            Message payload = codec.decode(envelope.type(), record.value());
            return Optional.of(new Delivery(record, new IncomingMessage(envelope.messageId(), envelope.type(),
                    envelope.version(), record.key(), envelope.requestId(), payload, false)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s cannot decode %s at %s-%d@%d", handler.consumerGroup(), envelope.type(),
                    record.topic(), record.partition(), record.offset());
            deadLetter(record, "undecodable: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Runs the step with the message's request id in the logs (and in what it publishes). */
    private static void withContext(IncomingMessage message, Runnable step) {
        RequestId.set(message.requestId());
        MDC.put("messageId", String.valueOf(message.messageId()));
        try {
            step.run();
        } finally {
            RequestId.clear();
            MDC.remove("messageId");
        }
    }

    private void handleOnce(IncomingMessage message) {
        if (!handler.needsInbox() || inbox.firstDelivery(handler.consumerGroup(), message.messageId())) {
            handler.handle(message);
        }
    }

    private void applied(ConsumerRecord<String, byte[]> record) {
        handled.increment();
        delivery.record(java.time.Duration.ofMillis(Math.max(0, System.currentTimeMillis() - record.timestamp())));
    }

    private void applyWithRetries(ConsumerRecord<String, byte[]> record, IncomingMessage message) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> handleOnce(message));
                applied(record);
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
