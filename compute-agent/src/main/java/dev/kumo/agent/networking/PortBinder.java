package dev.kumo.agent.networking;

import dev.kumo.contracts.instance.RequestedNetwork;
import java.util.List;
import java.util.UUID;

/**
 * Makes or binds, in the network service, the ports a spawn asks for, and tells what the host must realize for
 * them and what the instance is plugged into. {@link #NONE} binds nothing (tests without a network service).
 */
public interface PortBinder {

    BoundPorts bind(String host, UUID instanceId, String projectId, List<RequestedNetwork> networks);

    /** Undoes a bind whose domain did not come up: the ports made for it go, the tenant's own are unbound. */
    void release(BoundPorts bound);

    PortBinder NONE = new PortBinder() {
        @Override
        public BoundPorts bind(String host, UUID instanceId, String projectId, List<RequestedNetwork> networks) {
            return BoundPorts.NONE;
        }

        @Override
        public void release(BoundPorts bound) {
            // nothing was bound
        }
    };
}
