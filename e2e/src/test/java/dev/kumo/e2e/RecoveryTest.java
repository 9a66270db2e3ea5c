package dev.kumo.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing hangs and nothing is lost when a component dies mid-flow: a build ends ACTIVE once the dead
 * part is back, or ERROR with a fault that says why at its deadline — and no claim or domain is left.
 * Run by {@code ./kumo test} with a build deadline of 20 s and hosts declared down after 10 s silent.
 */
class RecoveryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("KUMO_BUILD_TIMEOUT", "20s").replace("s", "")));
    private static final List<String> AGENTS = List.of("compute-agent", "compute-agent-sim");

    @BeforeAll
    static void system() {
        KumoSystem.ensureUp();
    }

    @AfterEach
    void everythingRunsAgain() {
        KumoSystem.recover();
    }

    @Test
    void aBuildWhoseAgentsDiedCompletesOnceTheyAreBack() {
        AGENTS.forEach(KumoSystem::crash);
        Compute alice = Compute.as("alice");
        String id = alice.createServer("e2e-agent-back", "42");

        KumoSystem.recover();

        assertEquals("ACTIVE", alice.awaitSettled(id, DEADLINE.plusSeconds(10)));
        alice.delete(id);
        alice.awaitGone(id, Duration.ofSeconds(30));
        assertEquals(List.of(), Hypervisors.hostsWithDomainOf(id));
    }

    @Test
    void aBuildWhoseAgentsStayDeadEndsInErrorAndLeavesNoClaimOrDomain() {
        AGENTS.forEach(KumoSystem::crash);
        Compute alice = Compute.as("alice");
        String id = alice.createServer("e2e-agent-gone", "42");

        assertEquals("ERROR", alice.awaitSettled(id, DEADLINE.plusSeconds(15)));
        alice.show(id).then()
                .body("server.fault.code", equalTo(500))
                .body("server.fault.message", containsString("timed out"));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Placement.allocations(id).isEmpty());

        KumoSystem.recover();
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                .until(() -> Hypervisors.hostsWithDomainOf(id).isEmpty());
        assertEquals("ERROR", alice.show(id).then().extract().path("server.status"), "a late host does not revive it");

        alice.delete(id);
        alice.awaitGone(id, Duration.ofSeconds(30));
        assertEquals(0, Placement.allocations(id).size());
    }

    @Test
    void aBuildSentWhileTheSchedulerRestartsCompletes() {
        KumoSystem.crash("scheduler");
        Compute alice = Compute.as("alice");
        String id = alice.createServer("e2e-scheduler-back", "42");

        KumoSystem.recover();

        assertEquals("ACTIVE", alice.awaitSettled(id, DEADLINE.plusSeconds(10)));
        alice.delete(id);
        alice.awaitGone(id, Duration.ofSeconds(30));
        assertEquals(0, Placement.allocations(id).size());
    }
}
