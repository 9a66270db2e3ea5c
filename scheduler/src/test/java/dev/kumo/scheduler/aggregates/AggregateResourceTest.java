package dev.kumo.scheduler.aggregates;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Host aggregates as an admin manages them, with Nova's os-aggregates shapes and errors. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class AggregateResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anAggregateIsCreatedListedRenamedAndDeleted() {
        String name = "rack-" + UUID.randomUUID();
        int id = create("{\"aggregate\": {\"name\": \"" + name + "\", \"availability_zone\": \"london\"}}")
                .statusCode(200)
                .body("aggregate.name", equalTo(name))
                .body("aggregate.availability_zone", equalTo("london"))
                .body("aggregate.metadata.availability_zone", equalTo("london"))
                .body("aggregate.hosts", empty())
                .body("aggregate.deleted", equalTo(false))
                .extract().path("aggregate.id");

        given().get("/aggregates").then().statusCode(200).body("aggregates.name", hasItem(name));
        given().contentType("application/json").body("{\"aggregate\": {\"name\": \"" + name + "-2\"}}")
                .put("/aggregates/" + id).then().statusCode(200)
                .body("aggregate.name", equalTo(name + "-2"))
                .body("aggregate.availability_zone", equalTo("london"));
        given().delete("/aggregates/" + id).then().statusCode(204);
        given().get("/aggregates/" + id).then().statusCode(404)
                .body("errors[0].detail", equalTo("Aggregate " + id + " could not be found."));
    }

    @Test
    void aDuplicateNameIsAConflictAndABodyThatIsNotAnAggregateIsRefused() {
        String name = "rack-" + UUID.randomUUID();
        create("{\"aggregate\": {\"name\": \"" + name + "\"}}").statusCode(200);

        create("{\"aggregate\": {\"name\": \"" + name + "\"}}").statusCode(409)
                .body("errors[0].detail", equalTo("Aggregate " + name + " already exists."));
        create("{\"aggregate\": {}}").statusCode(400).body("errors[0].detail", containsString("name"));
        create("{\"aggregate\": {\"name\": \"x\", \"colour\": \"red\"}}").statusCode(400)
                .body("errors[0].detail", containsString("colour"));
        create("{\"name\": \"x\"}").statusCode(400);
        create("{\"aggregate\": {\"name\": \"x\", \"availability_zone\": \"a:b\"}}").statusCode(400)
                .body("errors[0].detail", containsString("':'"));
    }

    @Test
    void hostsJoinAndLeaveAnAggregateOnceEach() {
        String host = registerHost();
        int id = create("{\"aggregate\": {\"name\": \"rack-" + UUID.randomUUID() + "\"}}").extract().path("aggregate.id");

        action(id, "{\"add_host\": {\"host\": \"" + host + "\"}}").statusCode(200)
                .body("aggregate.hosts", hasItem(host));
        action(id, "{\"add_host\": {\"host\": \"" + host + "\"}}").statusCode(409)
                .body("errors[0].detail", equalTo("Aggregate " + id + " already has host " + host + "."));
        action(id, "{\"add_host\": {\"host\": \"no-such-host\"}}").statusCode(404)
                .body("errors[0].detail", equalTo("Compute host no-such-host could not be found."));
        given().delete("/aggregates/" + id).then().statusCode(400)
                .body("errors[0].detail", containsString("not empty"));

        action(id, "{\"remove_host\": {\"host\": \"" + host + "\"}}").statusCode(200)
                .body("aggregate.hosts", not(hasItem(host)));
        action(id, "{\"remove_host\": {\"host\": \"" + host + "\"}}").statusCode(404)
                .body("errors[0].detail", equalTo("Aggregate " + id + " has no host " + host + "."));
        action(id, "{\"shrink\": {}}").statusCode(400);
        action(999_999, "{\"add_host\": {\"host\": \"" + host + "\"}}").statusCode(404);
    }

    @Test
    void aHostIsInOneAvailabilityZoneAtMost() {
        String host = registerHost();
        int paris = create("{\"aggregate\": {\"name\": \"paris-" + UUID.randomUUID()
                + "\", \"availability_zone\": \"paris\"}}").extract().path("aggregate.id");
        int berlin = create("{\"aggregate\": {\"name\": \"berlin-" + UUID.randomUUID()
                + "\", \"availability_zone\": \"berlin\"}}").extract().path("aggregate.id");
        int plain = create("{\"aggregate\": {\"name\": \"ssd-" + UUID.randomUUID() + "\"}}")
                .extract().path("aggregate.id");
        action(paris, "{\"add_host\": {\"host\": \"" + host + "\"}}").statusCode(200);

        action(berlin, "{\"add_host\": {\"host\": \"" + host + "\"}}").statusCode(409)
                .body("errors[0].detail", containsString("already in availability zone(s) [paris]"));
        action(plain, "{\"add_host\": {\"host\": \"" + host + "\"}}").statusCode(200);
        action(plain, "{\"set_metadata\": {\"metadata\": {\"availability_zone\": \"berlin\"}}}").statusCode(400);
        given().get("/hosts/" + host).then().body("host.availability_zone", equalTo("paris"));
    }

    @Test
    void setMetadataSetsKeysAndANullRemovesOne() {
        int id = create("{\"aggregate\": {\"name\": \"rack-" + UUID.randomUUID() + "\"}}").extract().path("aggregate.id");

        action(id, "{\"set_metadata\": {\"metadata\": {\"ssd\": \"true\", \"availability_zone\": \"tokyo\"}}}")
                .statusCode(200)
                .body("aggregate.metadata.ssd", equalTo("true"))
                .body("aggregate.availability_zone", equalTo("tokyo"));
        action(id, "{\"set_metadata\": {\"metadata\": {\"ssd\": null, \"availability_zone\": null}}}")
                .statusCode(200)
                .body("aggregate.metadata.ssd", nullValue())
                .body("aggregate.availability_zone", nullValue());
        action(id, "{\"set_metadata\": {\"metadata\": {\"ssd\": 1}}}").statusCode(400);
    }

    private static ValidatableResponse create(String body) {
        return given().contentType("application/json").body(body).post("/aggregates").then();
    }

    private static ValidatableResponse action(int id, String body) {
        return given().contentType("application/json").body(body).post("/aggregates/" + id + "/action").then();
    }

    private String registerHost() {
        String host = "host-" + UUID.randomUUID();
        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            // Tiny: no other test's build fits on it.
            bus.send(new HostRegistered(host, "test", "test", "test:///default", new Resources(1, 1, 1),
                    Instant.now(), "http://localhost:8094"));
        }
        // The first registration after the application starts waits for the host events consumer to be assigned.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/hosts/" + host).then()
                .statusCode(200));
        return host;
    }
}
