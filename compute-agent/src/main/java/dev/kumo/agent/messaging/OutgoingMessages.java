package dev.kumo.agent.messaging;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.contracts.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka records of Kumo messages, with the headers every service reads, as the platform's outbox relay writes them. */
public final class OutgoingMessages {

    private static final MessageCodec CODEC = new MessageCodec();

    private OutgoingMessages() {
    }

    /**
     * The message id of the event a command causes: the same for every delivery of the command, so consumers
     * recognise the event of a redelivered command as a duplicate.
     */
    public static UUID eventIdFor(String commandMessageId, Message event) {
        String name = commandMessageId + ":" + MessageCodec.contractOf(event).type();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    public static ProducerRecord<String, byte[]> record(Message message, UUID messageId, String requestId) {
        Contract contract = MessageCodec.contractOf(message);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(contract.topic(), message.key(),
                CODEC.encode(message));
        record.headers()
                .add(MessageHeaders.MESSAGE_ID, bytes(messageId.toString()))
                .add(MessageHeaders.TYPE, bytes(contract.type()))
                .add(MessageHeaders.VERSION, bytes(Integer.toString(contract.version())));
        if (requestId != null) {
            record.headers().add(MessageHeaders.REQUEST_ID, bytes(requestId));
        }
        return record;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
