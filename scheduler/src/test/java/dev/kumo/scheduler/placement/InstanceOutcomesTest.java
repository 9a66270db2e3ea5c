package dev.kumo.scheduler.placement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kumo.contracts.instance.InstanceActive;
import dev.kumo.contracts.instance.InstanceDestroyed;
import dev.kumo.testsupport.KafkaTestResource;
import dev.kumo.testsupport.MessageBus;
import dev.kumo.testsupport.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The scheduler reads every instance event but acts only on those that end or move claims; the others (an instance
 * scheduled, active) pass by without a transaction or an inbox row. Real PostgreSQL and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class InstanceOutcomesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AgroalDataSource database;

    @Test
    void anEventTheSchedulerDoesNotActOnLeavesNoInboxRowWhileTheNextOneIsApplied() throws SQLException {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        UUID instance = UUID.randomUUID();
        try (MessageBus bus = new MessageBus(bootstrapServers)) {
            UUID active = bus.send(new InstanceActive(instance, "h-outcomes", "kumo-" + instance, Instant.now(),
                    List.of()));
            UUID destroyed = bus.send(new InstanceDestroyed(instance, "h-outcomes"));

            await().atMost(Duration.ofSeconds(30)).until(() -> inboxRows(destroyed) == 1);

            assertEquals(0, inboxRows(active), "the active event, on the same partition before it, passed by");
        }
    }

    private long inboxRows(UUID messageId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select count(*) from inbox_message where consumer = 'scheduler-outcomes' and message_id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
