package dev.kumo.agent.messaging;

import dev.kumo.contracts.MessageHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The headers a command arrived with: its message id, type, schema version and the request id that caused it. */
record CommandEnvelope(String messageId, String type, int version, String requestId) {

    static CommandEnvelope of(ConsumerRecord<String, byte[]> record) {
        String version = header(record, MessageHeaders.VERSION);
        return new CommandEnvelope(
                header(record, MessageHeaders.MESSAGE_ID),
                header(record, MessageHeaders.TYPE),
                version == null ? 1 : Integer.parseInt(version),
                header(record, MessageHeaders.REQUEST_ID));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
