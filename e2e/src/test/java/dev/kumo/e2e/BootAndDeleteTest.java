package dev.kumo.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first path through every service: boot a server over Kafka and libvirt, then delete it. */
class BootAndDeleteTest {

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @Test
    void aServerBootsToActiveOnAHostAndDeletingItLeavesNothingBehind() {
        Compute alice = Compute.as("alice");
        String id = alice.createServer("e2e-boot", "42");

        assertEquals("ACTIVE", alice.awaitSettled(id, Duration.ofSeconds(30)));
        String host = Compute.as("admin").show(id).then()
                .body("server.'OS-EXT-SRV-ATTR:host'", notNullValue())
                .extract().path("server.'OS-EXT-SRV-ATTR:host'");
        assertEquals(List.of(host), Hypervisors.hostsWithDomainOf(id), "exactly one domain, on the chosen host");
        assertTrue(Placement.allocations(id).containsKey(host), "the claim is on the chosen host");

        alice.delete(id);

        alice.awaitGone(id, Duration.ofSeconds(30));
        assertEquals(List.of(), Hypervisors.hostsWithDomainOf(id), "no domain left");
        assertEquals(0, Placement.allocations(id).size(), "no claim left");
    }

    @Test
    void anotherTenantNeverSeesTheServer() {
        String id = Compute.as("alice").createServer("e2e-private", "42");

        Compute.as("bob").show(id).then().statusCode(404).body("itemNotFound.code", equalTo(404));

        Compute.as("alice").delete(id);
        Compute.as("alice").awaitGone(id, Duration.ofSeconds(30));
    }
}
