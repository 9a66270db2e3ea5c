package dev.kumo.network.networks;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.api.Listing;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.floatingips.FloatingIp;
import dev.kumo.network.ports.Port;
import dev.kumo.network.ports.Ports;
import dev.kumo.network.quotas.Quotas;
import dev.kumo.network.subnets.Subnet;
import dev.kumo.network.tags.Tags;
import io.quarkus.security.Authenticated;
import dev.kumo.network.tags.TagResource;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code /v2.0/networks}: list, create (one or in bulk), show, update, delete. */
@Path("/v2.0/networks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NetworkResource {

    private static final Set<String> CREATABLE = Set.of("name", "description", "admin_state_up", "shared",
            "router:external", "mtu", "port_security_enabled", "tenant_id", "project_id", "availability_zone_hints");
    private static final Set<String> UPDATABLE = Set.of("name", "description", "admin_state_up", "shared",
            "router:external", "mtu", "port_security_enabled");

    private final Caller caller;
    private final NetworkAccess access;
    private final Quotas quotas;
    private final Ports ports;
    private final Tags tags;
    private final Clock clock;
    private final int maxMtu;

    @Context
    UriInfo uri;

    @Inject
    TagResource tagResource;

    public NetworkResource(Caller caller, NetworkAccess access, Quotas quotas, Ports ports, Tags tags, Clock clock,
            @ConfigProperty(name = "kumo.network.mtu") int maxMtu) {
        this.caller = caller;
        this.access = access;
        this.quotas = quotas;
        this.ports = ports;
        this.tags = tags;
        this.clock = clock;
        this.maxMtu = maxMtu;
    }

    @GET
    @Transactional
    public Map<String, Object> list() {
        return Listing.render("networks", views(access.visibleNetworks()), uri);
    }

    @GET
    @Path("{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("network", Listing.fields(views(List.of(access.visible(id))).get(0), uri));
    }

    @POST
    @Transactional
    public Response create(Map<String, Object> body) {
        caller.requireChange("create_network");
        List<Attributes> requests = Attributes.bulk(body, "network", "networks");
        List<Network> created = new ArrayList<>();
        for (Attributes request : requests) {
            created.add(create(request.allowOnly(CREATABLE)));
        }
        List<Map<String, Object>> views = views(created);
        Object entity = body.containsKey("networks") ? Map.of("networks", views) : Map.of("network", views.get(0));
        return Response.status(201).entity(entity).build();
    }

    @PUT
    @Path("{id}")
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        Network network = access.owned(id, "update_network");
        Attributes changes = Attributes.single(body, "network")
                .readOnly("id", "tenant_id", "project_id", "status", "subnets").allowOnly(UPDATABLE);
        if (changes.has("shared") || changes.has("router:external")) {
            if (!caller.isAdmin() && (changes.bool("shared", network.shared) != network.shared
                    || changes.bool("router:external", network.external) != network.external)) {
                throw NeutronError.policy("update_network:shared or rule:update_network:router:external");
            }
        }
        apply(network, changes);
        network.touch(Instant.now(clock));
        return Map.of("network", views(List.of(network)).get(0));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        Network network = access.owned(id, "delete_network");
        // As in Neutron, the floating IPs of an external network go with it (their ports are the network's own).
        for (FloatingIp floatingIp : FloatingIp.<FloatingIp>list("floatingNetworkId", network.id)) {
            Port port = Port.findById(floatingIp.floatingPortId);
            tags.removeAll(floatingIp.id);
            floatingIp.delete();
            if (port != null) {
                ports.delete(port);
            }
        }
        if (Port.count("networkId", network.id) > 0) {
            throw NeutronError.inUse("NetworkInUse", "Unable to complete operation on network " + network.id
                    + ". There are one or more ports still in use on the network.");
        }
        for (Subnet subnet : Subnet.onNetwork(network.id)) {
            tags.removeAll(subnet.id);
            subnet.delete();
        }
        tags.removeAll(network.id);
        network.delete();
        return Response.noContent().build();
    }

    private Network create(Attributes request) {
        String projectId = request.owner(caller);
        if (request.bool("shared", false)) {
            caller.requireAdmin("create_network and rule:create_network:shared");
        }
        if (request.bool("router:external", false)) {
            caller.requireAdmin("create_network and rule:create_network:router:external");
        }
        quotas.claim(projectId, "network", 1);
        Instant now = Instant.now(clock);
        Network network = new Network();
        network.id = UUID.randomUUID();
        network.projectId = projectId;
        network.name = "";
        network.description = "";
        network.status = "ACTIVE";
        network.adminStateUp = true;
        network.mtu = maxMtu;
        network.portSecurityEnabled = true;
        network.createdAt = now;
        network.updatedAt = now;
        apply(network, request);
        network.persist();
        return network;
    }

    private void apply(Network network, Attributes request) {
        network.name = request.string("name", network.name);
        network.description = request.string("description", network.description);
        network.adminStateUp = request.bool("admin_state_up", network.adminStateUp);
        network.shared = request.bool("shared", network.shared);
        network.external = request.bool("router:external", network.external);
        network.portSecurityEnabled = request.bool("port_security_enabled", network.portSecurityEnabled);
        Integer mtu = request.integer("mtu");
        if (mtu != null) {
            if (mtu < 68) {
                throw NeutronError.invalidInput("mtu", "'" + mtu + "' is too small - must be at least '68'");
            }
            if (mtu > maxMtu) {
                throw NeutronError.invalidOperation("Requested MTU is too big, maximum is " + maxMtu);
            }
            network.mtu = mtu;
        }
    }

    private List<Map<String, Object>> views(List<Network> networks) {
        List<UUID> ids = networks.stream().map(network -> network.id).toList();
        Map<UUID, List<UUID>> subnets = new HashMap<>();
        if (!ids.isEmpty()) {
            Subnet.<Subnet>list("networkId in ?1 order by createdAt, id", ids)
                    .forEach(subnet -> subnets.computeIfAbsent(subnet.networkId, n -> new ArrayList<>()).add(subnet.id));
        }
        Map<UUID, List<String>> allTags = tags.forAll(ids);
        return networks.stream().map(network -> NetworkView.of(network, subnets.getOrDefault(network.id, List.of()),
                allTags.getOrDefault(network.id, List.of()))).toList();
    }

    /** {@code {id}/tags}: the tags of this resource. */
    @Path("{id}/tags")
    public TagResource tags() {
        return tagResource;
    }
}
