package dev.kumo.platform.messaging;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.platform.requestid.RequestId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Where a service puts the messages a state change emits. {@link #publish} must run inside the
 * transaction of the change: the message is committed with it or not at all, and the relay sends it
 * to Kafka right after the commit. The messages of one transaction are written together just before it commits,
 * in one batch of inserts in the order they were published, rather than one statement each as they come.
 */
@ApplicationScoped
public class Outbox {

    private static final Object PENDING = new Object();
    private static final String INSERT = "insert into outbox_message (message_id, topic, message_key, type, version,"
            + " payload, request_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)";

    private final MessageCodec codec = new MessageCodec();
    private final TransactionSynchronizationRegistry transactions;
    private final EntityManager entityManager;
    private final OutboxRelay relay;

    public Outbox(TransactionSynchronizationRegistry transactions, EntityManager entityManager, OutboxRelay relay) {
        this.transactions = transactions;
        this.entityManager = entityManager;
        this.relay = relay;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(Message message) {
        return publish(message, UUID.randomUUID());
    }

    /**
     * Publishes with a chosen message id: a message derived deterministically from the one being handled
     * keeps the same id on a redelivery, so its own consumers drop the duplicate too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(Message message, UUID messageId) {
        Contract contract = MessageCodec.contractOf(message);
        pending().add(new OutboxMessage(null, messageId, contract.topic(), message.key(), contract.type(),
                contract.version(), codec.encodeToString(message), RequestId.current(), Instant.now()));
        return messageId;
    }

    /**
     * This transaction's messages; the first publish registers their writing before the commit, in the session of
     * the transaction, and the relay's wake-up after it.
     */
    @SuppressWarnings("unchecked")
    private List<OutboxMessage> pending() {
        List<OutboxMessage> messages = (List<OutboxMessage>) transactions.getResource(PENDING);
        if (messages != null) {
            return messages;
        }
        List<OutboxMessage> created = new ArrayList<>();
        transactions.putResource(PENDING, created);
        SessionImplementor session = entityManager.unwrap(SessionImplementor.class);
        // Written as the session's last work before the commit, after its flush and before it hands its connection
        // back (a synchronization of our own would run after that and take the connection again).
        session.getActionQueue().registerCallback((BeforeCompletionCallback) completing -> write(completing,
                created));
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED && !created.isEmpty()) {
                    relay.wake();
                }
            }
        });
        return created;
    }

    private static void write(SharedSessionContractImplementor session, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        session.doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (OutboxMessage message : messages) {
                    bind(insert, message);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    private static void bind(PreparedStatement insert, OutboxMessage message) throws SQLException {
        insert.setObject(1, message.messageId());
        insert.setString(2, message.topic());
        insert.setString(3, message.messageKey());
        insert.setString(4, message.type());
        insert.setInt(5, message.version());
        insert.setString(6, message.payload());
        insert.setString(7, message.requestId());
        insert.setTimestamp(8, Timestamp.from(message.createdAt()));
    }
}
