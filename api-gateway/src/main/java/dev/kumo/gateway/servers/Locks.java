package dev.kumo.gateway.servers;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;

/**
 * Server locks: a locked server refuses changes from non-admins (409, as in Nova); what an admin locked, only
 * an admin unlocks.
 */
final class Locks {

    static final String OWNER = "owner";
    static final String ADMIN = "admin";

    private Locks() {
    }

    static void check(Instance instance, Caller caller) {
        if (instance.isLocked() && !caller.isAdmin()) {
            throw ComputeError.conflict("Instance " + instance.id + " is locked");
        }
    }

    static void lock(Instance instance, Caller caller) {
        if (!instance.isLocked()) {
            instance.lockedBy = caller.isAdmin() && !caller.ownsProject(instance.projectId) ? ADMIN : OWNER;
        }
    }

    static void unlock(Instance instance, Caller caller) {
        if (ADMIN.equals(instance.lockedBy) && !caller.isAdmin()) {
            throw ComputeError.forbidden("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override"
                    + " to be performed.");
        }
        instance.lockedBy = null;
    }
}
