package dev.kumo.network.ports;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.post;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.kumo.contracts.instance.InstancePortsReleased;
import dev.kumo.network.Neutron;
import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A deleted server's ports, released by the gateway over Kafka (a real broker): the port made for the server goes
 * and its address is free again; the tenant's own port stays, unbound; a port that now serves another device is
 * left alone.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ReleasedPortsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theServersOwnPortsGoTheTenantsPortsAreUnboundAndOthersAreLeftAlone() {
        String network = Neutron.network(Tokens.alice(), "released");
        Neutron.subnet(Tokens.alice(), network, "10.93.0.0/24");
        String instance = UUID.randomUUID().toString();
        String made = bound(network, instance);
        String tenants = bound(network, instance);
        String elsewhere = bound(network, UUID.randomUUID().toString());

        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            bus.send(new InstancePortsReleased(UUID.fromString(instance), Tokens.ACME, List.of(made, elsewhere),
                    List.of(tenants)));
        }

        await().atMost(WAIT).untilAsserted(() -> as(Tokens.alice()).get("/v2.0/ports/" + made).then()
                .statusCode(404));
        as(Tokens.admin()).get("/v2.0/ports/" + tenants).then().statusCode(200)
                .body("port.device_id", equalTo("")).body("port.device_owner", equalTo(""))
                .body("port.'binding:host_id'", equalTo("")).body("port.status", equalTo("DOWN"));
        as(Tokens.alice()).get("/v2.0/ports/" + elsewhere).then().statusCode(200);
    }

    private static String bound(String network, String device) {
        return post(Tokens.computeAgent(), "/v2.0/ports", "port", Map.of("network_id", network, "project_id", Tokens.ACME,
                "device_id", device, "device_owner", "compute:nova", "binding:host_id", "host-1"))
                .statusCode(201).extract().path("port.id");
    }
}
