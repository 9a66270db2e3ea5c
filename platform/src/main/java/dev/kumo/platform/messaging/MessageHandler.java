package dev.kumo.platform.messaging;

import dev.kumo.contracts.Message;
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
     * False for a type of message this handler ignores (a type of its topic it does nothing with): the loop passes
     * such messages by without decoding them, without a transaction or an inbox row, which on a shared topic is
     * most of the work a consumer would do.
     */
    default boolean handles(Class<? extends Message> type) {
        return true;
    }

    /**
     * False for handlers whose every message is idempotent by its nature (a heartbeat sets a time), which
     * skip the inbox and its write per message.
     */
    default boolean needsInbox() {
        return true;
    }

    /**
     * True when this message may be applied in one transaction with its neighbours in the poll that may too (one
     * commit for a burst). Only for messages that lock nothing another consumer's batch may hold while waiting: a
     * message that locks the rows of its own key (an instance), or takes shared rows (hosts) only with
     * {@code skip locked}. Messages that wait for shared rows in one long transaction would deadlock against other
     * consumers. A batch that fails is applied again message by message, so a failure costs time only.
     */
    default boolean appliesTogether(IncomingMessage message) {
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
