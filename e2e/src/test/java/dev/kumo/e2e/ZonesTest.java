package dev.kumo.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Availability zones through the whole system: an admin makes a zone of one simulated host with a host aggregate
 * (os-aggregates); a tenant's server asked into that zone lands on that host and shows the zone; a zone no host
 * is in is refused with 400, as in Nova.
 */
class ZonesTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aServerAskedIntoAZoneLandsOnAHostOfThatZone() {
        Compute admin = Compute.as("admin");
        Compute alice = Compute.as("alice");
        String zone = "e2e-zone-" + UUID.randomUUID().toString().substring(0, 8);
        String host = "sim-0002";
        int aggregate = admin.request().contentType(ContentType.JSON)
                .body(Map.of("aggregate", Map.of("name", zone, "availability_zone", zone)))
                .post("/compute/v2.1/os-aggregates").then().statusCode(200).extract().path("aggregate.id");
        try {
            admin.request().contentType(ContentType.JSON).body(Map.of("add_host", Map.of("host", host)))
                    .post("/compute/v2.1/os-aggregates/" + aggregate + "/action").then().statusCode(200);

            String id = alice.request().contentType(ContentType.JSON)
                    .body(Map.of("server", Map.of("name", "e2e-zoned", "flavorRef", "42",
                            "imageRef", Images.bootable(alice.token()), "availability_zone", zone)))
                    .post("/compute/v2.1/servers").then().statusCode(202).extract().path("server.id");
            try {
                assertEquals("ACTIVE", alice.awaitSettled(id, SETTLE));
                alice.show(id).then().body("server.'OS-EXT-AZ:availability_zone'", equalTo(zone));
                admin.show(id).then().body("server.'OS-EXT-SRV-ATTR:host'", equalTo(host));
            } finally {
                alice.delete(id);
                alice.awaitGone(id, SETTLE);
            }

            alice.request().contentType(ContentType.JSON)
                    .body(Map.of("server", Map.of("name", "e2e-nowhere", "flavorRef", "42",
                            "imageRef", Images.bootable(alice.token()), "availability_zone", "no-such-zone")))
                    .post("/compute/v2.1/servers").then().statusCode(400)
                    .body("badRequest.message", containsString("availability zone"));
        } finally {
            admin.request().contentType(ContentType.JSON).body(Map.of("remove_host", Map.of("host", host)))
                    .post("/compute/v2.1/os-aggregates/" + aggregate + "/action");
            admin.request().delete("/compute/v2.1/os-aggregates/" + aggregate);
        }
    }
}
