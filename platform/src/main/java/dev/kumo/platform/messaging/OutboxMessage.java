package dev.kumo.platform.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * A message in the outbox ({@code outbox_message}): published in the transaction of the change it reports, written
 * at its commit ({@link Outbox}), sent and deleted by the {@link OutboxRelay}. The id is the table's, null until
 * the row is written; the relay sends in its order.
 */
record OutboxMessage(Long id, UUID messageId, String topic, String messageKey, String type, int version,
        String payload, String requestId, Instant createdAt) {

    /** The message of a row read with JDBC, columns by name. */
    static OutboxMessage of(ResultSet row) throws SQLException {
        return new OutboxMessage(row.getLong("id"), row.getObject("message_id", UUID.class), row.getString("topic"),
                row.getString("message_key"), row.getString("type"), row.getInt("version"), row.getString("payload"),
                row.getString("request_id"), row.getTimestamp("created_at").toInstant());
    }
}
