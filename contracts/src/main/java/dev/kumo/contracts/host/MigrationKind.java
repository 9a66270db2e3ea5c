package dev.kumo.contracts.host;

/**
 * How an instance moves between hosts: COLD (Nova's migrate: stopped on the way, ends waiting for confirm or
 * revert), LIVE (os-migrateLive: the running domain moves), REVERT (a cold migration going back to its source).
 */
public enum MigrationKind {
    COLD, LIVE, REVERT
}
