package dev.kumo.network.routers;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.post;
import static dev.kumo.network.Neutron.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.host.UpdateRouter.ExternalGateway;
import dev.kumo.contracts.host.UpdateRouter.FloatingIpNat;
import dev.kumo.contracts.host.UpdateRouter.RouterInterface;
import dev.kumo.contracts.instance.PortFloatingIps;
import dev.kumo.network.Neutron;
import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What network-service tells the hosts of a router ({@code host.update-router}) and the compute API
 * ({@code instance.port-floating-ips}) as servers' ports come and go and floating IPs are associated, read from the
 * real Kafka the service sends to.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class RouterUpdatesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger NETWORKS = new AtomicInteger();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private MessageBus bus;
    private String external;
    private String network;
    private String subnet;
    private String cidrPrefix;
    private String router;
    private String routerInterface;

    @BeforeEach
    void aRouterWithAGatewayAndAnInterface() {
        bus = new MessageBus(bootstrapServers);
        int n = NETWORKS.incrementAndGet();
        external = Neutron.network(Tokens.admin(), Map.of("name", "public-hosts-" + n, "router:external", true));
        Neutron.subnet(Tokens.admin(), external, "203.0." + (100 + n) + ".0/24");
        network = Neutron.network(Tokens.alice(), "hosts-" + n);
        cidrPrefix = "10.94." + n + ".";
        subnet = Neutron.subnet(Tokens.alice(), network, cidrPrefix + "0/24");
        router = post(Tokens.alice(), "/v2.0/routers", "router",
                Map.of("name", "r-hosts-" + n, "external_gateway_info", Map.of("network_id", external)))
                .statusCode(201).extract().path("router.id");
        routerInterface = as(Tokens.alice()).body(Map.of("subnet_id", subnet))
                .put("/v2.0/routers/" + router + "/add_router_interface").then().statusCode(200)
                .extract().path("port_id");
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void aHostGetsTheRouterWhenAServerPortIsBoundThereThenItsFloatingIpsThenItsRemoval() {
        String host = "h1-" + UUID.randomUUID();
        UUID instance = UUID.randomUUID();
        String port = serverPort(instance, host);

        UpdateRouter bound = awaitRouter(host, state -> !state.removed());
        assertEquals(router, bound.routerId());
        assertEquals(Tokens.ACME, bound.projectId());
        assertEquals(List.of(new RouterInterface(routerInterface, network, null, subnet, cidrPrefix + "1",
                cidrPrefix + "0/24")), bound.interfaces());
        ExternalGateway gateway = bound.gateway();
        assertEquals(external, gateway.networkId());
        assertTrue(gateway.address().startsWith("203.0."), gateway.address());
        assertTrue(gateway.cidr().endsWith(".0/24"), gateway.cidr());
        assertEquals(gateway.cidr().replace(".0/24", ".1"), gateway.gatewayIp());
        assertEquals(List.of(), bound.floatingIps());

        String floatingIp = post(Tokens.alice(), "/v2.0/floatingips", "floatingip", Map.of("floating_network_id", external))
                .statusCode(201).extract().path("floatingip.id");
        String address = put(Tokens.alice(), "/v2.0/floatingips/" + floatingIp, "floatingip", Map.of("port_id", port))
                .statusCode(200).extract().path("floatingip.floating_ip_address");
        String fixed = Neutron.fixedIps(Tokens.alice(), port).get(0).get("ip_address");

        UpdateRouter translated = awaitRouter(host, state -> state.revision() > bound.revision());
        assertEquals(List.of(new FloatingIpNat(floatingIp, address, port, fixed)), translated.floatingIps());
        assertEquals(bound.interfaces(), translated.interfaces());
        bus.await(PortFloatingIps.class, message -> message.instanceId().equals(instance) && message.portId().equals(port)
                && message.floatingIps().equals(List.of(address)), WAIT);

        Map<String, Object> disassociate = new HashMap<>();
        disassociate.put("port_id", null);
        put(Tokens.alice(), "/v2.0/floatingips/" + floatingIp, "floatingip", disassociate).statusCode(200);
        UpdateRouter untranslated = awaitRouter(host, state -> state.revision() > translated.revision());
        assertEquals(List.of(), untranslated.floatingIps());
        assertFalse(untranslated.removed());
        bus.await(PortFloatingIps.class, message -> message.portId().equals(port) && message.floatingIps().isEmpty(), WAIT);

        put(Tokens.computeAgent(), "/v2.0/ports/" + port, "port",
                Map.of("binding:host_id", "", "device_id", "", "device_owner", "")).statusCode(200);
        UpdateRouter removed = awaitRouter(host, state -> state.revision() > untranslated.revision());
        assertTrue(removed.removed());
        assertNull(removed.gateway());
    }

    @Test
    void onlyTheHostsAChangeConcernsAreToldAndADeletedPortTakesItsFloatingIpAlong() {
        String h1 = "h1-" + UUID.randomUUID();
        String h2 = "h2-" + UUID.randomUUID();
        UUID onH1 = UUID.randomUUID();
        String portOnH1 = serverPort(onH1, h1);
        serverPort(UUID.randomUUID(), h2);
        UpdateRouter firstOnH1 = awaitRouter(h1, state -> !state.removed());
        awaitRouter(h2, state -> !state.removed());

        // A second server port on h1 changes nothing h1 realizes: no message.
        serverPort(UUID.randomUUID(), h1);
        String address = post(Tokens.alice(), "/v2.0/floatingips", "floatingip",
                Map.of("floating_network_id", external, "port_id", portOnH1))
                .statusCode(201).extract().path("floatingip.floating_ip_address");
        UpdateRouter translated = awaitRouter(h1, state -> !state.floatingIps().isEmpty());
        assertEquals(address, translated.floatingIps().get(0).floatingAddress());
        assertTrue(translated.revision() > firstOnH1.revision());
        assertEquals(2, bus.all(UpdateRouter.class, state -> state.host().equals(h1)).size(),
                "the second server port on h1 sent h1 nothing");

        as(Tokens.alice()).delete("/v2.0/ports/" + portOnH1).then().statusCode(204);
        bus.await(PortFloatingIps.class, message -> message.instanceId().equals(onH1) && message.floatingIps().isEmpty(), WAIT);
        UpdateRouter afterDelete = awaitRouter(h1, state -> state.revision() > translated.revision());
        assertEquals(List.of(), afterDelete.floatingIps());
        assertFalse(afterDelete.removed(), "h1 still has the second server port");

        assertEquals(1, bus.all(UpdateRouter.class, state -> state.host().equals(h2)).size(),
                "h2's state never changed, so it was told once");

        as(Tokens.alice()).body(Map.of("subnet_id", subnet)).put("/v2.0/routers/" + router + "/remove_router_interface")
                .then().statusCode(200);
        assertTrue(awaitRouter(h2, UpdateRouter::removed).removed());
        assertTrue(awaitRouter(h1, UpdateRouter::removed).removed());
    }

    @Test
    void aPortMovingHostsTakesItsFloatingIpAlongAndAClearedGatewayReachesTheHost() {
        String from = "from-" + UUID.randomUUID();
        String to = "to-" + UUID.randomUUID();
        UUID instance = UUID.randomUUID();
        String port = serverPort(instance, from);
        Map<String, String> floatingIp = post(Tokens.alice(), "/v2.0/floatingips", "floatingip",
                Map.of("floating_network_id", external, "port_id", port)).statusCode(201).extract().path("floatingip");
        String address = floatingIp.get("floating_ip_address");
        UpdateRouter onSource = awaitRouter(from, state -> !state.floatingIps().isEmpty());

        put(Tokens.computeAgent(), "/v2.0/ports/" + port, "port", Map.of("binding:host_id", to)).statusCode(200);
        UpdateRouter onTarget = awaitRouter(to, state -> !state.removed());
        assertEquals(address, onTarget.floatingIps().get(0).floatingAddress());
        UpdateRouter leftSource = awaitRouter(from, UpdateRouter::removed);
        assertEquals(onTarget.revision(), leftSource.revision(), "one change, one revision");
        assertTrue(onTarget.revision() > onSource.revision());

        as(Tokens.alice()).delete("/v2.0/floatingips/" + floatingIp.get("id")).then().statusCode(204);
        UpdateRouter withoutNat = awaitRouter(to, state -> state.revision() > onTarget.revision());
        assertEquals(List.of(), withoutNat.floatingIps());
        bus.await(PortFloatingIps.class, message -> message.portId().equals(port) && message.floatingIps().isEmpty(), WAIT);

        Map<String, Object> noGateway = new HashMap<>();
        noGateway.put("external_gateway_info", null);
        put(Tokens.alice(), "/v2.0/routers/" + router, "router", noGateway).statusCode(200);
        UpdateRouter isolated = awaitRouter(to, state -> state.revision() > withoutNat.revision());
        assertNull(isolated.gateway());
        assertEquals(withoutNat.interfaces(), isolated.interfaces());
    }

    private UpdateRouter awaitRouter(String host, Predicate<UpdateRouter> matching) {
        return bus.await(UpdateRouter.class, state -> state.host().equals(host) && state.routerId().equals(router)
                && matching.test(state), WAIT);
    }

    /** A server's port as the compute agent makes it at spawn: bound to its host from the start. */
    private String serverPort(UUID instance, String host) {
        return post(Tokens.computeAgent(), "/v2.0/ports", "port", Map.of("network_id", network, "project_id", Tokens.ACME,
                "device_id", instance.toString(), "device_owner", "compute:nova", "binding:host_id", host))
                .statusCode(201).extract().path("port.id");
    }
}
