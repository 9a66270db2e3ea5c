package dev.kumo.platform.messaging;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A message read from Kafka, with the envelope its headers carried.
 *
 * @param together whether it is being applied in one transaction with other messages of its poll (see
 *     {@link MessageHandler#appliesTogether}); such a message must not wait for a lock, but throw
 *     {@link ApplyAlone} instead
 */
public record IncomingMessage(
        UUID messageId,
        String type,
        int version,
        String key,
        String requestId,
        Message payload,
        boolean together) {

    /** This message as part of a transaction with others. */
    IncomingMessage inBatch() {
        return new IncomingMessage(messageId, type, version, key, requestId, payload, true);
    }

    /** Reads the envelope headers of a record; the payload is decoded separately. */
    static Envelope envelopeOf(ConsumerRecord<String, byte[]> record) {
        String messageId = header(record, MessageHeaders.MESSAGE_ID);
        String version = header(record, MessageHeaders.VERSION);
        return new Envelope(
                messageId == null ? null : UUID.fromString(messageId),
                header(record, MessageHeaders.TYPE),
                version == null ? 1 : Integer.parseInt(version),
                header(record, MessageHeaders.REQUEST_ID));
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The headers of a Kumo message. */
    record Envelope(UUID messageId, String type, int version, String requestId) {
    }
}
