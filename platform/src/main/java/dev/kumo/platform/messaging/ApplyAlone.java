package dev.kumo.platform.messaging;

/**
 * Thrown by a message applied together with others when it would have to wait for a lock another consumer's
 * transaction may hold (and so risk a deadlock): its whole batch is rolled back and applied one message at a time.
 */
public class ApplyAlone extends RuntimeException {

    public ApplyAlone(String reason) {
        super(reason, null, false, false);
    }
}
