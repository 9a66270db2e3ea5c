package dev.kumo.network.floatingips;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.api.Ids;
import dev.kumo.network.api.Listing;
import dev.kumo.network.api.Timestamps;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.ipam.FixedIpRequest;
import dev.kumo.network.ipam.IpAddress;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.networks.Network;
import dev.kumo.network.networks.NetworkAccess;
import dev.kumo.network.ports.Port;
import dev.kumo.network.ports.Ports;
import dev.kumo.network.quotas.Quotas;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /v2.0/floatingips}: allocate from an external network, associate with a port, disassociate, release. */
@Path("/v2.0/floatingips")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FloatingIpResource {

    private static final Set<String> CREATABLE = Set.of("floating_network_id", "subnet_id", "floating_ip_address",
            "port_id", "fixed_ip_address", "description", "tenant_id", "project_id");
    private static final Set<String> UPDATABLE = Set.of("port_id", "fixed_ip_address", "description");

    private final Caller caller;
    private final NetworkAccess networks;
    private final FloatingIpAssociation association;
    private final Ports ports;
    private final Quotas quotas;
    private final Tags tags;
    private final FloatingIpChanges floatingIpChanges;
    private final Clock clock;

    @Context
    UriInfo uri;

    @Inject
    TagResource tagResource;

    public FloatingIpResource(Caller caller, NetworkAccess networks, FloatingIpAssociation association, Ports ports,
            Quotas quotas, Tags tags, FloatingIpChanges floatingIpChanges, Clock clock) {
        this.caller = caller;
        this.networks = networks;
        this.association = association;
        this.ports = ports;
        this.quotas = quotas;
        this.tags = tags;
        this.floatingIpChanges = floatingIpChanges;
        this.clock = clock;
    }

    @GET
    @Transactional
    public Map<String, Object> list() {
        List<FloatingIp> visible = caller.isAdmin() ? FloatingIp.listAll() : FloatingIp.list("projectId", caller.projectId());
        return Listing.render("floatingips", visible.stream().map(this::view).toList(), uri);
    }

    @GET
    @Path("{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("floatingip", Listing.fields(view(visible(id)), uri));
    }

    @POST
    @Transactional
    public Response create(Map<String, Object> body) {
        caller.requireChange("create_floatingip");
        Attributes request = Attributes.single(body, "floatingip").allowOnly(CREATABLE);
        Network network = networks.visible(request.requiredUuid("floating_network_id"));
        if (!network.external) {
            throw NeutronError.badRequest("Bad floatingip request: Network " + network.id
                    + " is not a valid external network.");
        }
        String projectId = request.owner(caller);
        if (request.has("floating_ip_address")) {
            caller.requireAdmin("create_floatingip:floating_ip_address");
        }
        quotas.claim(projectId, "floatingip", 1);

        FloatingIp floatingIp = new FloatingIp();
        floatingIp.id = UUID.randomUUID();
        Port port = Ports.blank(network.id, "");
        port.deviceOwner = Port.FLOATING_IP;
        port.deviceId = floatingIp.id.toString();
        port.portSecurityEnabled = false;
        ports.create(port, address(request), List.of());
        Instant now = Instant.now(clock);
        floatingIp.projectId = projectId;
        floatingIp.floatingNetworkId = network.id;
        floatingIp.floatingIpAddress = IpAllocation.ofPort(port.id).stream()
                .filter(a -> IpAddress.parse(a.ipAddress).orElseThrow().version() == 4).findFirst()
                .map(a -> a.ipAddress).orElseThrow(() -> NeutronError.conflict("IpAddressGenerationFailure",
                        "No more IP addresses available on network " + network.id + "."));
        floatingIp.floatingPortId = port.id;
        floatingIp.status = "DOWN";
        floatingIp.description = request.string("description", "");
        floatingIp.createdAt = now;
        floatingIp.updatedAt = now;
        floatingIp.persist();
        if (request.raw("port_id") != null) {
            association.associate(floatingIp, request.raw("port_id"), request.raw("fixed_ip_address"));
            floatingIpChanges.changed(FloatingIpChanges.Association.NONE, FloatingIpChanges.Association.of(floatingIp));
        }
        return Response.status(201).entity(Map.of("floatingip", view(floatingIp))).build();
    }

    @PUT
    @Path("{id}")
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        FloatingIp floatingIp = visible(id);
        caller.requireChange("update_floatingip");
        Attributes changes = Attributes.single(body, "floatingip").readOnly("id", "floating_network_id",
                "floating_ip_address", "tenant_id", "project_id", "router_id", "status").allowOnly(UPDATABLE);
        floatingIp.description = changes.string("description", floatingIp.description);
        FloatingIpChanges.Association before = FloatingIpChanges.Association.of(floatingIp);
        if (changes.has("port_id")) {
            if (changes.raw("port_id") == null) {
                floatingIp.disassociate(Instant.now(clock));
            } else {
                association.associate(floatingIp, changes.raw("port_id"), changes.raw("fixed_ip_address"));
            }
        }
        floatingIp.touch(Instant.now(clock));
        floatingIpChanges.changed(before, FloatingIpChanges.Association.of(floatingIp));
        return Map.of("floatingip", view(floatingIp));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        FloatingIp floatingIp = visible(id);
        caller.requireChange("delete_floatingip");
        Port port = Port.findById(floatingIp.floatingPortId);
        FloatingIpChanges.Association before = FloatingIpChanges.Association.of(floatingIp);
        tags.removeAll(floatingIp.id);
        floatingIp.delete();
        if (port != null) {
            ports.delete(port);
        }
        floatingIpChanges.changed(before, FloatingIpChanges.Association.NONE);
        return Response.noContent().build();
    }

    private FloatingIp visible(String id) {
        FloatingIp floatingIp = FloatingIp.findById(Ids.inPath("Floating IP", id));
        if (floatingIp == null || !caller.owns(floatingIp.projectId)) {
            throw new NeutronError(404, "FloatingIPNotFound", "Floating IP " + id + " could not be found");
        }
        return floatingIp;
    }

    /** A specific address (admins) or subnet of the external network, else IPAM's choice. */
    private static List<FixedIpRequest> address(Attributes request) {
        UUID subnetId = request.uuid("subnet_id");
        String address = request.string("floating_ip_address", 64);
        if (subnetId == null && address == null) {
            return null;
        }
        IpAddress ip = address == null ? null : IpAddress.parse(address)
                .orElseThrow(() -> NeutronError.invalidInput("floating_ip_address", "'" + address + "' is not a valid IP address"));
        return List.of(new FixedIpRequest(subnetId, ip));
    }

    private Map<String, Object> view(FloatingIp floatingIp) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", floatingIp.id.toString());
        view.put("tenant_id", floatingIp.projectId);
        view.put("project_id", floatingIp.projectId);
        view.put("floating_network_id", floatingIp.floatingNetworkId.toString());
        view.put("floating_ip_address", floatingIp.floatingIpAddress);
        view.put("fixed_ip_address", floatingIp.fixedIpAddress);
        view.put("port_id", floatingIp.portId == null ? null : floatingIp.portId.toString());
        view.put("router_id", floatingIp.routerId == null ? null : floatingIp.routerId.toString());
        view.put("status", floatingIp.status);
        view.put("description", floatingIp.description);
        view.put("tags", tags.of(floatingIp.id));
        view.put("created_at", Timestamps.format(floatingIp.createdAt));
        view.put("updated_at", Timestamps.format(floatingIp.updatedAt));
        view.put("revision_number", floatingIp.revisionNumber);
        return view;
    }

    /** {@code {id}/tags}: the tags of this resource. */
    @Path("{id}/tags")
    public TagResource tags() {
        return tagResource;
    }
}
