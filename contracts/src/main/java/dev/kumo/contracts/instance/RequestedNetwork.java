package dev.kumo.contracts.instance;

import java.util.List;

/**
 * One network interface a server asked for, as the API took it: a port to be made on a network (with a fixed IP
 * if one was asked for), or a port the tenant made beforehand. The host's agent makes or binds the port when it
 * builds the server.
 *
 * @param securityGroups the ids of the security groups a new port gets; empty for the project's default group
 */
public record RequestedNetwork(String networkId, String portId, String fixedIp, String tag,
        List<String> securityGroups) {

    public RequestedNetwork {
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }

    /** A new port on the network. */
    public static RequestedNetwork onNetwork(String networkId, String fixedIp, List<String> securityGroups) {
        return new RequestedNetwork(networkId, null, fixedIp, null, securityGroups);
    }

    /** A port that already exists (the tenant's own, or one an earlier build of this server made). */
    public static RequestedNetwork existingPort(String portId) {
        return new RequestedNetwork(null, portId, null, null, List.of());
    }

    public boolean isExistingPort() {
        return portId != null;
    }
}
