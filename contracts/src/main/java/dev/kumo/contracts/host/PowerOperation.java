package dev.kumo.contracts.host;

/** What a tenant can ask of a running or stopped instance's domain (Nova's server actions). */
public enum PowerOperation {
    START, STOP, REBOOT_SOFT, REBOOT_HARD, PAUSE, UNPAUSE, SUSPEND, RESUME
}
