package dev.kumo.scheduler.hosts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostHeartbeats;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A fleet's batched heartbeats keep each of its hosts up, as one heartbeat per host did. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class HostHeartbeatsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aBatchMovesEveryHostItNamesForwardWithItsRunningInstancesAndSkipsHostsItDoesNotKnow() {
        String fleet = "rack-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> hosts = List.of(fleet + "-0002", fleet + "-0001");
        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            Instant registered = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            hosts.forEach(host -> bus.send(new HostRegistered(host, "test", "test", "test:///default",
                    new Resources(8, 16384, 100), registered, "http://localhost:8095")));
            hosts.forEach(host -> await().atMost(WAIT).untilAsserted(() -> given().get("/hosts/" + host).then()
                    .statusCode(200).body("host.running_instances", equalTo(0))));

            Instant beat = registered.plusSeconds(5);
            bus.send(new HostHeartbeats(fleet, beat, List.of(new HostHeartbeats.Beat(hosts.get(0), 3),
                    new HostHeartbeats.Beat(fleet + "-unknown", 1), new HostHeartbeats.Beat(hosts.get(1), 2))));

            await().atMost(WAIT).untilAsserted(() -> given().get("/hosts/" + hosts.get(0)).then()
                    .body("host.running_instances", equalTo(3)).body("host.last_heartbeat_at", equalTo(beat.toString()))
                    .body("host.state", equalTo("up")));
            given().get("/hosts/" + hosts.get(1)).then()
                    .body("host.running_instances", equalTo(2)).body("host.last_heartbeat_at", equalTo(beat.toString()));
            given().get("/hosts/" + fleet + "-unknown").then().statusCode(404);
        }
    }
}
