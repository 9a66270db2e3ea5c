package dev.kumo.platform.messaging;

import java.util.List;

/**
 * A consumer of Kumo messages. Each handler bean gets its own consumer loop in its own consumer group.
 * {@link #handle} runs in a transaction together with the inbox check, so a message is applied exactly
 * once to the service's database even when Kafka delivers it again.
 */
public interface MessageHandler {

    /** The consumer group, also the inbox's consumer name; stable across releases. */
    String consumerGroup();

    List<String> topics();

    /** Applies one message. Throwing rolls back and retries; ignore types you do not handle. */
    void handle(IncomingMessage message);

    /**
     * False for handlers whose every message is idempotent by its nature (a heartbeat sets a time), which
     * skip the inbox and its write per message.
     */
    default boolean needsInbox() {
        return true;
    }

    /**
     * True when the messages of one poll may be applied in a single transaction (one commit for a burst). Only
     * for handlers whose messages each lock the rows of their own key (an instance): messages that lock
     * shared rows (hosts) in one long transaction would deadlock against other consumers and hold their
     * locks longer. A batch that fails is applied again message by message, so a failure costs time only.
     */
    default boolean appliesInBatches() {
        return false;
    }

    /**
     * How many consumer loops share this handler's group, each in its own thread and transaction: Kafka splits the
     * topics' partitions among them, so the messages of one key still arrive in order, on one loop.
     */
    default int consumers() {
        return 1;
    }
}
