package dev.kumo.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/** Remembers which messages each consumer has applied. */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;

    public Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records that the consumer is applying the message; false when it already did. Must run in the
     * transaction that applies the message, so both commit or neither does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID messageId) {
        int inserted = entityManager.createNativeQuery(
                        "insert into inbox_message (consumer, message_id) values (:consumer, :id) on conflict do nothing")
                .unwrap(NativeQuery.class)
                .addSynchronizedQuerySpace("inbox_message") // touches nothing else: no flush of the session first
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Records that the consumer is applying these messages, in one statement; the ids of those it had not applied
     * before. Must run in the transaction that applies them, so both commit or neither does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> messageIds) {
        Set<UUID> first = new HashSet<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into inbox_message (consumer,"
                    + " message_id) select ?, id from unnest(?) id on conflict do nothing returning message_id")) {
                insert.setString(1, consumer);
                insert.setArray(2, connection.createArrayOf("uuid", messageIds.toArray()));
                try (ResultSet inserted = insert.executeQuery()) {
                    while (inserted.next()) {
                        first.add(inserted.getObject(1, UUID.class));
                    }
                }
            }
        });
        return first;
    }

    /**
     * Ends one message of a batch applied in one transaction: its changes are written now, and the next message
     * starts with an empty persistence context, so that what earlier messages loaded is not dirty-checked again at
     * every later statement (a batch would cost the square of its size).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endOfMessage() {
        entityManager.flush();
        entityManager.clear();
    }

    /** Forgets deliveries older than the retention: Kafka will not redeliver them anymore. */
    @Transactional
    public int forgetOlderThan(java.time.Instant cutoff) {
        return entityManager.createNativeQuery("delete from inbox_message where received_at < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }
}
