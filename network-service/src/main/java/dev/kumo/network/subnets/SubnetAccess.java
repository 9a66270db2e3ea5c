package dev.kumo.network.subnets;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.networks.Network;
import dev.kumo.network.networks.NetworkAccess;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.UUID;

/** A subnet is seen by whoever sees its network, and changed by its project (or the network's owner) and admins. */
@RequestScoped
public class SubnetAccess {

    private final Caller caller;
    private final NetworkAccess networks;

    public SubnetAccess(Caller caller, NetworkAccess networks) {
        this.caller = caller;
        this.networks = networks;
    }

    public List<Subnet> visibleSubnets() {
        if (caller.isAdmin()) {
            return Subnet.listAll();
        }
        return Subnet.list("projectId = ?1 or networkId in (select n.id from Network n where n.projectId = ?1"
                + " or n.shared = true or n.external = true)", caller.projectId());
    }

    public Subnet visible(String id) {
        return visible(Ids.inPath("Subnet", id));
    }

    public Subnet visible(UUID id) {
        Subnet subnet = Subnet.findById(id);
        if (subnet == null || !canSee(subnet)) {
            throw NeutronError.notFound("Subnet", id);
        }
        return subnet;
    }

    public Subnet owned(String id, String action) {
        Subnet subnet = visible(id);
        caller.requireChange(action);
        if (!caller.owns(subnet.projectId)) {
            throw NeutronError.policy(action);
        }
        return subnet;
    }

    private boolean canSee(Subnet subnet) {
        if (caller.owns(subnet.projectId)) {
            return true;
        }
        Network network = Network.findById(subnet.networkId);
        return network != null && networks.canSee(network);
    }
}
