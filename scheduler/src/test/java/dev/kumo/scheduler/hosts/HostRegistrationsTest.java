package dev.kumo.scheduler.hosts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet's registrations, repeated by its agent every minute: what changed nothing writes nothing, and a burst of
 * them never holds up heartbeats, which keep hosts up.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class HostRegistrationsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Resources CAPACITY = new Resources(8, 16384, 100);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    EntityManager entityManager;

    private final String fleet = "fleet-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void forgetFleet() {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("delete from host where name like :fleet").setParameter("fleet", fleet + "-%")
                .executeUpdate());
    }

    @Test
    void aRepeatedRegistrationThatChangesNothingWritesNothingAndOneThatChangesTheCapacityDoes() {
        List<String> hosts = names(200);
        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            bus.sendAll(hosts.stream().map(host -> registration(host, CAPACITY, first)).toList());
            await().atMost(WAIT).until(() -> rowVersions().size() == hosts.size());
            Map<String, String> before = rowVersions();
            double handled = handled("scheduler-hosts");

            bus.sendAll(hosts.stream().map(host -> registration(host,
                    host.equals(hosts.get(0)) ? new Resources(16, 16384, 100) : CAPACITY, first.plusSeconds(60)))
                    .toList());
            await().atMost(WAIT).until(() -> handled("scheduler-hosts") >= handled + hosts.size());

            Map<String, String> after = rowVersions();
            assertNotEquals(before.get(hosts.get(0)), after.get(hosts.get(0)), "the host whose capacity changed");
            hosts.subList(1, hosts.size()).forEach(host -> assertEquals(before.get(host), after.get(host), host));
        }
    }

    @Test
    void aHeartbeatSentBehindABurstOfRegistrationsIsAppliedBeforeThem() {
        List<String> hosts = names(3000);
        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            Instant registered = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(20);
            bus.send(registration(hosts.get(0), CAPACITY, registered));
            await().atMost(WAIT).until(() -> rowVersions().size() == 1);
            double handled = handled("scheduler-hosts");

            Instant beat = registered.plusSeconds(10);
            List<Message> burst = new ArrayList<>();
            hosts.subList(1, hosts.size()).forEach(host -> burst.add(registration(host, CAPACITY, registered)));
            burst.add(new HostHeartbeat(hosts.get(0), beat, 0));
            bus.sendAll(burst);

            await().atMost(WAIT).until(() -> beat.equals(lastHeartbeat(hosts.get(0))));
            double registrationsApplied = handled("scheduler-hosts") - handled;
            assertTrue(registrationsApplied < hosts.size() - 1,
                    "the heartbeat waited for all " + registrationsApplied + " registrations sent before it");
            await().atMost(WAIT).until(() -> rowVersions().size() == hosts.size());
        }
    }

    private List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%s-%05d", fleet, i)).toList();
    }

    private static HostRegistered registration(String host, Resources capacity, Instant at) {
        return new HostRegistered(host, "test", "test", "test:///default", capacity, at, "http://localhost:8095");
    }

    /** Each of the fleet's host rows and its version (xmin: a new one for every write of the row). */
    @SuppressWarnings("unchecked")
    private Map<String, String> rowVersions() {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) entityManager
                .createNativeQuery("select name, xmin::text from host where name like :fleet")
                .setParameter("fleet", fleet + "-%").getResultList()).stream()
                .collect(Collectors.toMap(row -> (String) row[0], row -> (String) row[1])));
    }

    private Instant lastHeartbeat(String host) {
        String at = given().get("/hosts/" + host).then().statusCode(200).extract().path("host.last_heartbeat_at");
        return Instant.parse(at);
    }

    private static double handled(String consumer) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("kumo_messages_handled_total")
                        && line.contains("consumer=\"" + consumer + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
