package dev.kumo.network.errors;

/**
 * An error the networking API answers with, rendered by {@link NeutronErrorMapper} in Neutron's shape:
 * {@code {"NeutronError": {"type": "NetworkNotFound", "message": "...", "detail": ""}}}. The type is Neutron's
 * exception name, which clients (openstacksdk, gophercloud, Tempest) match on; the message names the problem.
 */
public class NeutronError extends RuntimeException {

    private final int status;
    private final String type;

    public NeutronError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public static NeutronError badRequest(String message) {
        return new NeutronError(400, "HTTPBadRequest", message);
    }

    /** Neutron's wording for an attribute that fails validation. */
    public static NeutronError invalidInput(String attribute, String reason) {
        return badRequest("Invalid input for " + attribute + ". Reason: " + reason + ".");
    }

    /** Neutron's wording for a request that is well-formed but not valid as a whole. */
    public static NeutronError invalidOperation(String reason) {
        return new NeutronError(400, "InvalidInput", "Invalid input for operation: " + reason + ".");
    }

    public static NeutronError unauthorized() {
        return new NeutronError(401, "HTTPUnauthorized", "The request you have made requires authentication.");
    }

    public static NeutronError policy(String action) {
        return new NeutronError(403, "PolicyNotAuthorized", "(rule:" + action + ") is disallowed by policy.");
    }

    /** A missing resource, or one of another project: {@code NetworkNotFound}, "Network X could not be found." */
    public static NeutronError notFound(String resource, Object id) {
        return new NeutronError(404, resource.replace(" ", "") + "NotFound", resource + " " + id + " could not be found.");
    }

    public static NeutronError conflict(String type, String message) {
        return new NeutronError(409, type, message);
    }

    public static NeutronError inUse(String type, String message) {
        return conflict(type, message);
    }
}
