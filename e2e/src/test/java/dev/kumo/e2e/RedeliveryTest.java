package dev.kumo.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.Topics;
import dev.kumo.contracts.host.DestroyInstance;
import dev.kumo.contracts.host.SpawnInstance;
import dev.kumo.testsupport.MessageBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every consumer is idempotent: replaying, verbatim, every message a boot and a delete produced changes
 * nothing — the server stays gone, no claim and no domain come back, no host's usage moves.
 */
class RedeliveryTest {

    private static final Duration SETTLE = Duration.ofSeconds(5);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void replayingEveryMessageOfABootChangesNothing() throws Exception {
        Compute alice = Compute.as("alice");
        String id = alice.createServer("e2e-replay-boot", "42");
        assertEquals("ACTIVE", alice.awaitSettled(id, Duration.ofSeconds(30)));
        Map<String, Object> usageBefore = Placement.usages();
        List<String> hostsBefore = Hypervisors.hostsWithDomainOf(id);

        try (MessageBus bus = new MessageBus(KumoSystem.KAFKA)) {
            List<String> replayed = replayEverythingAbout(bus, id);
            Thread.sleep(SETTLE.toMillis());
            assertTrue(replayed.containsAll(List.of("instance.build", "host.spawn-instance", "instance.scheduled",
                    "instance.active")), "replayed " + replayed);
        }

        alice.show(id).then().statusCode(200);
        assertEquals("ACTIVE", alice.show(id).then().extract().path("server.status"));
        assertEquals(hostsBefore, Hypervisors.hostsWithDomainOf(id));
        assertEquals(usageBefore, Placement.usages());
        alice.delete(id);
        alice.awaitGone(id, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> Placement.allocations(id).isEmpty());
    }

    @Test
    void replayingEveryMessageOfABootAndADeleteChangesNothing() throws Exception {
        Compute alice = Compute.as("alice");
        String id = alice.createServer("e2e-replay", "42");
        assertEquals("ACTIVE", alice.awaitSettled(id, Duration.ofSeconds(30)));
        alice.delete(id);
        alice.awaitGone(id, Duration.ofSeconds(30));
        // The scheduler releases the claim when it reads the host's confirmation, maybe after the API shows it gone.
        await().atMost(Duration.ofSeconds(30)).until(() -> Placement.allocations(id).isEmpty());
        Map<String, Object> usageBefore = Placement.usages();

        try (MessageBus bus = new MessageBus(KumoSystem.KAFKA)) {
            List<String> replayed = replayEverythingAbout(bus, id);
            Thread.sleep(SETTLE.toMillis());
            assertTrue(replayed.containsAll(List.of("instance.build", "host.spawn-instance", "instance.scheduled",
                    "instance.active", "instance.delete", "host.destroy-instance", "instance.destroyed")),
                    "replayed " + replayed);
        }

        alice.show(id).then().statusCode(404);
        assertEquals(0, Placement.allocations(id).size(), "no claim came back");
        assertEquals(List.of(), Hypervisors.hostsWithDomainOf(id), "no domain came back");
        assertEquals(usageBefore, Placement.usages(), "no host's usage moved");
    }

    /** Re-sends every record about the instance on every topic, with its original key and headers. */
    private static List<String> replayEverythingAbout(MessageBus bus, String id) {
        List<String> replayed = new java.util.ArrayList<>();
        for (String topic : List.of(Topics.INSTANCE_REQUESTS, Topics.HOST_COMMANDS, Topics.INSTANCE_EVENTS)) {
            for (ConsumerRecord<String, byte[]> record : bus.readAll(topic)) {
                if (concerns(bus.decode(record), id)) {
                    bus.resend(MessageBus.copyOf(record));
                    replayed.add(MessageBus.header(record, dev.kumo.contracts.MessageHeaders.TYPE));
                }
            }
        }
        return replayed;
    }

    private static boolean concerns(Message message, String id) {
        UUID instance = UUID.fromString(id);
        if (message instanceof SpawnInstance spawn) {
            return spawn.instanceId().equals(instance);
        }
        if (message instanceof DestroyInstance destroy) {
            return destroy.instanceId().equals(instance);
        }
        return message.key().equals(id);
    }
}
