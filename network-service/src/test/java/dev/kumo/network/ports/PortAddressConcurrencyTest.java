package dev.kumo.network.ports;

import static dev.kumo.network.Neutron.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kumo.network.Neutron;
import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** IPAM under concurrency: many clients creating ports on one subnet at once never share an address. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class PortAddressConcurrencyTest {

    private static final int CLIENTS = 20;

    @Test
    void twoHundredPortsCreatedByTwentyConcurrentClientsOnASlash24GetTwoHundredDistinctAddresses() throws Exception {
        String token = Tokens.alice();
        String network = Neutron.network(token, "concurrent-ports");
        String subnet = Neutron.subnet(token, network, "10.20.0.0/24");

        List<Response> responses = concurrently(CLIENTS, 10, () -> as(token)
                .body(Map.of("port", Map.of("network_id", network))).post("/v2.0/ports"));

        List<String> addresses = new ArrayList<>();
        for (Response response : responses) {
            assertEquals(201, response.statusCode(), response.asString());
            List<Map<String, String>> fixedIps = response.path("port.fixed_ips");
            assertEquals(1, fixedIps.size());
            assertEquals(subnet, fixedIps.get(0).get("subnet_id"));
            addresses.add(fixedIps.get(0).get("ip_address"));
        }
        assertEquals(200, addresses.size());
        assertEquals(200, new HashSet<>(addresses).size(), "an address was handed out twice: " + addresses);
        for (String address : addresses) {
            int host = Integer.parseInt(address.substring("10.20.0.".length()));
            assertTrue(address.startsWith("10.20.0.") && host >= 2 && host <= 254, address + " is outside the pool");
        }
        List<String> listed = as(token).get("/v2.0/ports?network_id=" + network).then().statusCode(200)
                .extract().path("ports.fixed_ips.ip_address.flatten()");
        assertEquals(new HashSet<>(addresses), new HashSet<>(listed));
    }

    @Test
    void anExhaustedPoolAnswers409IpAddressGenerationFailureAndLeavesNoPortBehind() throws Exception {
        String token = Tokens.alice();
        String network = Neutron.network(token, "small-pool");
        Neutron.subnet(token, network, "10.21.0.0/24",
                Map.of("allocation_pools", List.of(Map.of("start", "10.21.0.10", "end", "10.21.0.14"))));

        List<Response> responses = concurrently(6, 2, () -> as(token)
                .body(Map.of("port", Map.of("network_id", network))).post("/v2.0/ports"));

        Set<String> addresses = new HashSet<>();
        int exhausted = 0;
        for (Response response : responses) {
            if (response.statusCode() == 201) {
                addresses.add(response.path("port.fixed_ips[0].ip_address"));
            } else {
                assertEquals(409, response.statusCode(), response.asString());
                assertEquals("IpAddressGenerationFailure", response.path("NeutronError.type"));
                assertEquals("No more IP addresses available on network " + network + ".",
                        response.path("NeutronError.message"));
                exhausted++;
            }
        }
        assertEquals(Set.of("10.21.0.10", "10.21.0.11", "10.21.0.12", "10.21.0.13", "10.21.0.14"), addresses);
        assertEquals(7, exhausted);
        List<String> ports = as(token).get("/v2.0/ports?network_id=" + network).then().statusCode(200)
                .extract().path("ports.id");
        assertEquals(5, ports.size(), "a failed create left a port without an address");
    }

    /** Runs {@code clients} threads that each make {@code each} requests back to back, all started together. */
    private static List<Response> concurrently(int clients, int each, Callable<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Response>>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    List<Response> responses = new ArrayList<>();
                    for (int j = 0; j < each; j++) {
                        responses.add(request.call());
                    }
                    return responses;
                }));
            }
            List<Response> all = new ArrayList<>();
            for (Future<List<Response>> future : futures) {
                all.addAll(future.get(5, TimeUnit.MINUTES));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
