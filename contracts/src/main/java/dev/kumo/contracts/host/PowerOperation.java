package dev.kumo.contracts.host;

/**
 * What a tenant can ask of a running or stopped instance's domain (Nova's server actions). REBUILD re-creates
 * the domain from an image ({@link RebuildInstance}), SNAPSHOT copies its disk into an image
 * ({@link SnapshotInstance}), RESIZE and REVERT_RESIZE give it other resources ({@link ResizeInstance}); the others
 * change its power state ({@link OperateInstance}).
 */
public enum PowerOperation {
    START, STOP, REBOOT_SOFT, REBOOT_HARD, PAUSE, UNPAUSE, SUSPEND, RESUME, REBUILD, SNAPSHOT, RESIZE, REVERT_RESIZE
}
