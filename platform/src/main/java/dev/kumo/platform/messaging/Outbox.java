package dev.kumo.platform.messaging;

import dev.kumo.contracts.Contract;
import dev.kumo.contracts.Message;
import dev.kumo.contracts.MessageCodec;
import dev.kumo.platform.requestid.RequestId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a service puts the messages a state change emits. {@link #publish} must run inside the
 * transaction of the change: the message is committed with it or not at all, and the relay sends it
 * to Kafka right after the commit.
 */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE_REGISTERED = new Object();

    private final MessageCodec codec = new MessageCodec();
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.transactions = transactions;
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
        OutboxMessage row = new OutboxMessage();
        row.messageId = messageId;
        row.topic = contract.topic();
        row.messageKey = message.key();
        row.type = contract.type();
        row.version = contract.version();
        row.payload = codec.encodeToString(message);
        row.requestId = RequestId.current();
        row.createdAt = Instant.now();
        row.persist();
        wakeRelayAfterCommit();
        return messageId;
    }

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
