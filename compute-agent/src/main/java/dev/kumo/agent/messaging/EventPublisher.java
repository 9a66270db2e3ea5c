package dev.kumo.agent.messaging;

import dev.kumo.contracts.Message;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends the agent's messages to Kafka through the one idempotent producer. */
@ApplicationScoped
public class EventPublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaClients kafka;

    public EventPublisher(KafkaClients kafka) {
        this.kafka = kafka;
    }

    /** Sends one message; the future completes when the broker acknowledged it. */
    public Future<RecordMetadata> send(Message message, UUID messageId, String requestId) {
        return kafka.producer().send(OutgoingMessages.record(message, messageId, requestId));
    }

    /**
     * Sends the messages as one burst, each with a fresh id, and waits until the broker acknowledged them all:
     * a fleet of thousands of hosts reports in one round trip rather than thousands.
     */
    public void publishAll(List<? extends Message> messages) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
        for (Message message : messages) {
            acks.add(send(message, UUID.randomUUID(), null));
        }
        kafka.producer().flush();
        awaitAll(acks);
    }

    /** Waits for the broker's acknowledgements. */
    public static void awaitAll(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka did not acknowledge a message: " + cause, cause);
        }
    }
}
