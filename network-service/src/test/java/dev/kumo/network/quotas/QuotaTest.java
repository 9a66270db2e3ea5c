package dev.kumo.network.quotas;

import static dev.kumo.network.Neutron.as;
import static dev.kumo.network.Neutron.error;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.network.identity.Tokens;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Quotas: Neutron's defaults, an admin's overrides, and limits that hold under concurrent creates. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class QuotaTest {

    private final String project = UUID.randomUUID().toString().replace("-", "");
    private final String member = Tokens.memberOfNewProject(project);

    @Test
    void aProjectReadsNeutronsDefaultsAndNotAnotherProjects() {
        as(member).get("/v2.0/quotas/" + project).then().statusCode(200)
                .body("quota.network", equalTo(100)).body("quota.port", equalTo(500))
                .body("quota.security_group_rule", equalTo(100)).body("quota.floatingip", equalTo(50));
        error(as(member).get("/v2.0/quotas/" + Tokens.ACME).then(), 403, "HTTPForbidden");
        error(as(member).body(Map.of("quota", Map.of("network", 1))).put("/v2.0/quotas/" + project).then(),
                403, "PolicyNotAuthorized");
    }

    @Test
    void concurrentCreatesNeverExceedTheLimit() throws Exception {
        as(Tokens.admin()).body(Map.of("quota", Map.of("network", 3))).put("/v2.0/quotas/" + project).then()
                .statusCode(200).body("quota.network", equalTo(3));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(pool.submit(() -> as(member).body(Map.of("network", Map.of("name", "q")))
                    .post("/v2.0/networks").then().extract().statusCode()));
        }
        int created = 0;
        int refused = 0;
        for (Future<Integer> attempt : attempts) {
            int status = attempt.get(2, TimeUnit.MINUTES);
            created += status == 201 ? 1 : 0;
            refused += status == 409 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(3, created);
        assertEquals(5, refused);
        error(as(member).body(Map.of("network", Map.of())).post("/v2.0/networks").then(), 409, "OverQuota");
        as(member).get("/v2.0/quotas/" + project + "/details").then().statusCode(200)
                .body("quota.network.used", equalTo(3)).body("quota.network.limit", equalTo(3));
        as(member).get("/v2.0/quotas/" + project + "/details.json").then().statusCode(200)
                .body("quota.network.reserved", equalTo(0));

        as(Tokens.admin()).delete("/v2.0/quotas/" + project).then().statusCode(204);
        as(member).get("/v2.0/quotas/" + project).then().body("quota.network", equalTo(100));
    }

    @Test
    void aQuotaBelowMinusOneIsRefused() {
        error(as(Tokens.admin()).body(Map.of("quota", Map.of("port", -2))).put("/v2.0/quotas/" + project).then(),
                400, "HTTPBadRequest");
        error(as(Tokens.admin()).body(Map.of("quota", Map.of("volumes", 2))).put("/v2.0/quotas/" + project).then(),
                400, "HTTPBadRequest");
    }
}
