package dev.kumo.agent.power;

/** The instance's power state does not allow the operation; the message is a sentence for the user. */
public class PowerOperationRefused extends RuntimeException {

    public PowerOperationRefused(String message) {
        super(message);
    }
}
