package dev.kumo.network.networks;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/**
 * Who sees and changes a network: its project and admins; every project sees (and plugs ports into) shared
 * networks and sees external ones. A network the caller cannot see is 404; one it sees but does not own, 403.
 */
@RequestScoped
public class NetworkAccess {

    private final Caller caller;

    public NetworkAccess(Caller caller) {
        this.caller = caller;
    }

    public List<Network> visibleNetworks() {
        if (caller.isAdmin()) {
            return Network.listAll();
        }
        return Network.list("projectId = ?1 or shared = true or external = true", caller.projectId());
    }

    public Network visible(String id) {
        return visible(Ids.inPath("Network", id));
    }

    public Network visible(UUID id) {
        Network network = Network.findById(id);
        if (network == null || !canSee(network)) {
            throw NeutronError.notFound("Network", id);
        }
        return network;
    }

    /** The network, locked for this transaction: subnet creation checks overlaps under it. */
    public Network visibleLocked(UUID id) {
        Network network = Network.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (network == null || !canSee(network)) {
            throw NeutronError.notFound("Network", id);
        }
        return network;
    }

    public Network owned(String id, String action) {
        Network network = visible(id);
        requireOwner(network, action);
        return network;
    }

    public void requireOwner(Network network, String action) {
        caller.requireChange(action);
        if (!caller.owns(network.projectId)) {
            throw NeutronError.policy(action);
        }
    }

    /** Ports go on the caller's own networks and shared ones (admins: any). */
    public boolean canPlugInto(Network network) {
        return caller.owns(network.projectId) || network.shared;
    }

    public boolean canSee(Network network) {
        return caller.owns(network.projectId) || network.shared || network.external;
    }
}
