package dev.kumo.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

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
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate();
        return inserted == 1;
    }

    /** Forgets deliveries older than the retention: Kafka will not redeliver them anymore. */
    @Transactional
    public int forgetOlderThan(java.time.Instant cutoff) {
        return entityManager.createNativeQuery("delete from inbox_message where received_at < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }
}
