package dev.kumo.scheduler.placement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.kumo.contracts.Resources;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.contracts.instance.BuildInstance;
import dev.kumo.contracts.instance.PlacementHints;
import dev.kumo.scheduler.hosts.Host;
import dev.kumo.testsupport.MessageBus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hosts registered for one test, as agents register them, and taken down after it so that a later test's request
 * cannot land on them (tests of one application share its database).
 */
final class Fleet implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final MessageBus bus;
    private final List<String> hosts = new ArrayList<>();

    Fleet(MessageBus bus) {
        this.bus = bus;
    }

    String register(Resources capacity) {
        return register(capacity, "test", null, null);
    }

    /** A host with the domain type, architecture and standard traits its agent reports. */
    String register(Resources capacity, String domainType, String architecture, List<String> traits) {
        String host = "host-" + UUID.randomUUID();
        bus.send(new HostRegistered(host, "test", domainType, "test:///default", capacity, Instant.now(),
                "http://localhost:8094", architecture, traits));
        await().atMost(WAIT).untilAsserted(() -> given().get("/placement/resource_providers").then()
                .body("resource_providers.name", org.hamcrest.Matchers.hasItem(host)));
        hosts.add(host);
        return host;
    }

    /** Moves the host's last heartbeat far into the past: it is down from now on. */
    static void markDown(String host) {
        QuarkusTransaction.requiringNew().run(() ->
                Host.update("lastHeartbeatAt = ?1 where name = ?2", Instant.EPOCH, host));
    }

    static BuildInstance build(UUID instance, Resources resources, PlacementHints hints) {
        return new BuildInstance(instance, "acme", "alice", "vm", "42", resources, null,
                Instant.now().plusSeconds(60), hints);
    }

    static PlacementHints forcedOnto(String host) {
        return new PlacementHints(null, null, host);
    }

    @Override
    public void close() {
        hosts.forEach(Fleet::markDown);
    }
}
