package dev.kumo.platform.messaging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A message waiting in the outbox to be published; written in the transaction of the change it reports. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "message_id", nullable = false)
    public UUID messageId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String payload;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The message of a row read with JDBC, columns by name. */
    static OutboxMessage of(java.sql.ResultSet row) throws java.sql.SQLException {
        OutboxMessage message = new OutboxMessage();
        message.id = row.getLong("id");
        message.messageId = row.getObject("message_id", UUID.class);
        message.topic = row.getString("topic");
        message.messageKey = row.getString("message_key");
        message.type = row.getString("type");
        message.version = row.getInt("version");
        message.payload = row.getString("payload");
        message.requestId = row.getString("request_id");
        message.createdAt = row.getTimestamp("created_at").toInstant();
        return message;
    }
}
