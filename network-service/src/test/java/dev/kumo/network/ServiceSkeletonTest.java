package dev.kumo.network;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The network-service runs on a real PostgreSQL and Kafka: schema migrated, healthy, observable, discoverable. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class ServiceSkeletonTest {

    @Inject
    EntityManager entityManager;

    @Test
    void itBecomesReadyOnceKafkaAndItsDatabaseAnswer() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItem("kumo-messaging")));
    }

    @Test
    void flywayCreatedItsOwnTablesAndTheOutbox() {
        Number tables = (Number) entityManager.createNativeQuery(
                "select count(*) from information_schema.tables where table_name in ('network', 'subnet', 'port', 'ip_allocation', 'outbox_message', 'inbox_message')")
                .getSingleResult();
        assertEquals(6, tables.intValue());
    }

    @Test
    void itAnswersWithItsApiVersionAndARequestId() {
        given().get("/").then()
                .statusCode(200)
                .header("X-OpenStack-Request-ID", startsWith("req-"))
                .body("versions[0].id", equalTo("v2.0"));
    }

    @Test
    void itExposesPrometheusMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
