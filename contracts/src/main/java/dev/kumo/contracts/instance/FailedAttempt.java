package dev.kumo.contracts.instance;

/** One host's failure to spawn an instance during its build, as the final fault names it. */
public record FailedAttempt(String host, String reason) {

    @Override
    public String toString() {
        return host + ": " + reason;
    }
}
