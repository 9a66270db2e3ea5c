package dev.kumo.agent.hypervisor;

/** The power state of an instance's domain, in Nova's words; {@link #ABSENT} when the host has no such domain. */
public enum InstanceState {
    RUNNING,
    PAUSED,
    SHUTDOWN,
    CRASHED,
    SUSPENDED,
    ABSENT
}
