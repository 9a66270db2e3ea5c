package dev.kumo.contracts.host;

/** The power state of a domain as the host's hypervisor reports it. */
public enum PowerState {
    NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED
}
