package dev.kumo.agent.hypervisor;

/** The hypervisor refused an operation; the message carries the hypervisor's own words for an operator. */
public class HypervisorException extends RuntimeException {

    public HypervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
