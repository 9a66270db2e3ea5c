package dev.kumo.agent.messaging;

import dev.kumo.contracts.Message;
import java.util.Optional;

/** Applies one command to the agent's hosts and tells which event reports the outcome, if any. */
@FunctionalInterface
public interface CommandHandler {

    /**
     * Applies the command; must be idempotent, since a crash redelivers commands already applied.
     *
     * @throws RuntimeException when the command could not be applied now; it is retried
     */
    Optional<Message> apply(Message command);
}
