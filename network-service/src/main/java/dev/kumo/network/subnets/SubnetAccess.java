package dev.kumo.network.subnets;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.networks.Network;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.UUID;

/**
 * A subnet is seen by its project, the network's, and (on a shared network) every project: as in Neutron, the
 * subnets of an external network that is not shared stay hidden. Changed by its project and admins.
 */
@RequestScoped
public class SubnetAccess {

    private final Caller caller;

    public SubnetAccess(Caller caller) {
        this.caller = caller;
    }

    public List<Subnet> visibleSubnets() {
        if (caller.isAdmin()) {
            return Subnet.listAll();
        }
        return Subnet.list("projectId = ?1 or networkId in (select n.id from Network n where n.projectId = ?1"
                + " or n.shared = true)", caller.projectId());
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
        return network != null && (network.shared || caller.owns(network.projectId));
    }
}
