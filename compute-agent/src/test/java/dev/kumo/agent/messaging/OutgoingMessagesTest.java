package dev.kumo.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kumo.contracts.MessageHeaders;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceBuildFailed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutgoingMessagesTest {

    private final UUID instance = UUID.randomUUID();
    private final InstanceActive active = new InstanceActive(instance, "node-1", "kumo-" + instance, Instant.now());

    @Test
    void theEventOfARedeliveredCommandKeepsItsMessageId() {
        String command = UUID.randomUUID().toString();

        UUID first = OutgoingMessages.eventIdFor(command, active);
        UUID again = OutgoingMessages.eventIdFor(command,
                new InstanceActive(instance, "node-1", "kumo-" + instance, Instant.now().plusSeconds(5)));

        assertEquals(first, again);
        assertEquals(UUID.nameUUIDFromBytes((command + ":instance.active").getBytes(StandardCharsets.UTF_8)), first);
    }

    @Test
    void differentCommandsOrEventTypesGetDifferentIds() {
        String command = UUID.randomUUID().toString();
        InstanceBuildFailed failed = new InstanceBuildFailed(instance, "node-1", 500, "no");

        assertNotEquals(OutgoingMessages.eventIdFor(command, active), OutgoingMessages.eventIdFor(command, failed));
        assertNotEquals(OutgoingMessages.eventIdFor(command, active),
                OutgoingMessages.eventIdFor(UUID.randomUUID().toString(), active));
    }

    @Test
    void anEventGoesToItsTopicKeyedByInstanceWithTheKumoHeaders() {
        UUID id = UUID.randomUUID();

        ProducerRecord<String, byte[]> record = OutgoingMessages.record(active, id, "req-1");

        assertEquals(Topics.INSTANCE_EVENTS, record.topic());
        assertEquals(instance.toString(), record.key());
        assertEquals(id.toString(), header(record, MessageHeaders.MESSAGE_ID));
        assertEquals("instance.active", header(record, MessageHeaders.TYPE));
        assertEquals("1", header(record, MessageHeaders.VERSION));
        assertEquals("req-1", header(record, MessageHeaders.REQUEST_ID));
    }

    @Test
    void aMessageWithoutRequestHasNoRequestIdHeader() {
        ProducerRecord<String, byte[]> record = OutgoingMessages.record(active, UUID.randomUUID(), null);

        assertNull(record.headers().lastHeader(MessageHeaders.REQUEST_ID));
        assertFalse(record.headers().toArray().length == 0);
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
