package dev.kumo.gateway.servers;

import dev.kumo.contracts.instance.RequestedNetwork;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.networks.Network;
import dev.kumo.gateway.networks.NetworkCatalog;
import dev.kumo.gateway.networks.Port;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a create request's {@code networks} and {@code security_groups} into the interfaces the server's host
 * will plug in, checked with the network service as Nova checks them with Neutron before it accepts the request:
 * a network or port the caller cannot see, a port in use, or an ambiguous "auto" refuse the request.
 */
@ApplicationScoped
class ServerNetworks {

    private static final String DEFAULT_GROUP = "default";

    private final NetworkCatalog catalog;

    ServerNetworks(NetworkCatalog catalog) {
        this.catalog = catalog;
    }

    List<RequestedNetwork> resolve(CreateServerRequest request, Caller caller) {
        List<String> groups = securityGroups(request.securityGroups(), caller);
        CreateServerRequest.NetworkRequest networks = request.networks();
        if (networks.isAuto()) {
            return automatic(caller, groups);
        }
        if (!networks.isGiven()) {
            return List.of();
        }
        List<RequestedNetwork> interfaces = new ArrayList<>();
        for (CreateServerRequest.Interface wanted : networks.interfaces()) {
            interfaces.add(wanted.portId() != null ? existingPort(wanted, request, caller)
                    : onNetwork(wanted, request, caller, groups));
        }
        return List.copyOf(interfaces);
    }

    /** Nova's "auto": the one network the project can use, none if it has none, refused if there are several. */
    private List<RequestedNetwork> automatic(Caller caller, List<String> groups) {
        List<Network> available = catalog.available(caller.projectId(), caller.rawToken());
        if (available.size() > 1) {
            throw ComputeError.conflict("More than one possible network found. Specify network ID(s) to select"
                    + " which one(s) to connect to.");
        }
        return available.stream().map(network -> RequestedNetwork.onNetwork(network.id(), null, groups)).toList();
    }

    private RequestedNetwork existingPort(CreateServerRequest.Interface wanted, CreateServerRequest request,
            Caller caller) {
        if (request.maxCount() > 1) {
            throw ComputeError.badRequest("Unable to launch multiple instances with a single configured port ID."
                    + " Please launch your instance one by one with different ports.");
        }
        Port port = catalog.port(wanted.portId(), caller.rawToken()).orElseThrow(() -> ComputeError.badRequest(
                "Port id " + wanted.portId() + " could not be found."));
        if (port.inUse()) {
            throw ComputeError.conflict("Port " + port.id() + " is still in use.");
        }
        return new RequestedNetwork(null, port.id(), null, wanted.tag(), List.of());
    }

    private RequestedNetwork onNetwork(CreateServerRequest.Interface wanted, CreateServerRequest request,
            Caller caller, List<String> groups) {
        if (wanted.fixedIp() != null && request.maxCount() > 1) {
            throw ComputeError.badRequest("max_count cannot be greater than 1 if an fixed_ip is specified.");
        }
        Network network = catalog.network(wanted.networkId(), caller.rawToken()).orElseThrow(() ->
                ComputeError.badRequest("Network " + wanted.networkId() + " could not be found."));
        return new RequestedNetwork(network.id(), null, wanted.fixedIp(), wanted.tag(), groups);
    }

    /** The ids of the named groups; the project's default group needs no lookup (a new port gets it anyway). */
    private List<String> securityGroups(List<String> names, Caller caller) {
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            if (DEFAULT_GROUP.equals(name)) {
                continue;
            }
            List<String> found = catalog.securityGroupIds(name, caller.projectId(), caller.rawToken());
            if (found.isEmpty()) {
                throw ComputeError.badRequest("Security group " + name + " not found for project "
                        + caller.projectId() + ".");
            }
            if (found.size() > 1) {
                throw ComputeError.conflict("Multiple security groups found matching '" + name
                        + "'. Use an ID to be more specific.");
            }
            ids.add(found.get(0));
        }
        return List.copyOf(ids);
    }
}
