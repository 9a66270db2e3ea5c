package dev.kumo.network.ports;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.api.Ids;
import dev.kumo.network.api.Listing;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.ipam.Cidr;
import dev.kumo.network.ipam.FixedIpRequest;
import dev.kumo.network.ipam.IpAddress;
import dev.kumo.network.networks.Network;
import dev.kumo.network.networks.NetworkAccess;
import dev.kumo.network.securitygroups.PortRuleChanges;
import dev.kumo.network.securitygroups.PortRuleUpdates;
import dev.kumo.network.securitygroups.SecurityGroupAccess;
import io.quarkus.security.Authenticated;
import dev.kumo.network.tags.TagResource;
import jakarta.enterprise.event.Event;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /v2.0/ports}: list, create (one or in bulk), show, update, delete. */
@Path("/v2.0/ports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PortResource {

    private static final Set<String> UPDATABLE = Set.of("name", "description", "admin_state_up", "device_id",
            "device_owner", "fixed_ips", "security_groups", "port_security_enabled", "allowed_address_pairs",
            "mac_address", "binding:host_id", "binding:profile", "binding:vnic_type");
    private static final Set<String> CREATABLE;

    static {
        Set<String> creatable = new LinkedHashSet<>(UPDATABLE);
        creatable.addAll(List.of("network_id", "tenant_id", "project_id"));
        CREATABLE = Set.copyOf(creatable);
    }

    private final Caller caller;
    private final PortAccess access;
    private final NetworkAccess networks;
    private final SecurityGroupAccess securityGroups;
    private final Ports ports;
    private final PortRuleUpdates portRules;
    private final Clock clock;

    @Context
    UriInfo uri;

    @Inject
    TagResource tagResource;

    @Inject
    Event<PortChanged> portChanges;

    public PortResource(Caller caller, PortAccess access, NetworkAccess networks, SecurityGroupAccess securityGroups,
            Ports ports, PortRuleUpdates portRules, Clock clock) {
        this.caller = caller;
        this.access = access;
        this.networks = networks;
        this.securityGroups = securityGroups;
        this.ports = ports;
        this.portRules = portRules;
        this.clock = clock;
    }

    @GET
    @Transactional
    public Map<String, Object> list() {
        return Listing.render("ports", ports.views(access.visiblePorts(uri.getQueryParameters()), caller.isAdmin()), uri);
    }

    @GET
    @Path("{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("port", Listing.fields(ports.view(access.visible(id), caller.isAdmin()), uri));
    }

    @POST
    @Transactional
    public Response create(Map<String, Object> body) {
        caller.requireChange("create_port");
        List<Port> created = new ArrayList<>();
        for (Attributes request : Attributes.bulk(body, "port", "ports")) {
            created.add(create(request.allowOnly(CREATABLE)));
        }
        PortRuleChanges changes = new PortRuleChanges();
        created.forEach(port -> changes.membersOf(port.securityGroups));
        portRules.publish(changes);
        created.forEach(port -> portChanges.fire(PortChanged.created(port)));
        List<Map<String, Object>> views = ports.views(created, caller.isAdmin());
        Object entity = body.containsKey("ports") ? Map.of("ports", views) : Map.of("port", views.get(0));
        return Response.status(201).entity(entity).build();
    }

    @PUT
    @Path("{id}")
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        Port port = access.owned(id, "update_port");
        PortChanged.Binding before = PortChanged.Binding.of(port);
        Attributes changes = Attributes.single(body, "port")
                .readOnly("id", "network_id", "tenant_id", "project_id", "status").allowOnly(UPDATABLE);
        if (changes.has("mac_address")) {
            caller.requireAdmin("update_port:mac_address");
            String mac = MacAddresses.requested(changes.string("mac_address"));
            if (!mac.equals(port.macAddress)) {
                MacAddresses.requireFree(port.networkId, mac);
                port.macAddress = mac;
            }
        }
        apply(port, changes);
        PortRuleChanges ruleChanges = new PortRuleChanges();
        if (changes.has("fixed_ips")) {
            ports.changeFixedIps(port, fixedIps(changes));
            ruleChanges.membersOf(port.securityGroups);
        }
        if (changes.has("security_groups")) {
            Set<UUID> groupsBefore = Set.copyOf(port.securityGroups);
            port.securityGroups = new LinkedHashSet<>(securityGroups(changes, port.projectId));
            if (!groupsBefore.equals(port.securityGroups)) {
                ruleChanges.groupsOf(port.id).membersOf(groupsBefore).membersOf(port.securityGroups);
            }
        }
        if (!port.portSecurityEnabled && !port.securityGroups.isEmpty()) {
            throw NeutronError.conflict("PortSecurityAndIPRequiredForSecurityGroups", "Port has security group"
                    + " associated. Cannot disable port security or ip address until security group is removed.");
        }
        port.status = Ports.statusOf(port);
        port.touch(Instant.now(clock));
        portRules.publish(ruleChanges);
        portChanges.fire(PortChanged.updated(port, before));
        return Map.of("port", ports.view(port, caller.isAdmin()));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        Port port = access.owned(id, "delete_port");
        if (port.isNetworkOwned() && !port.deviceId.isEmpty()) {
            throw NeutronError.inUse("ServicePortInUse", "Port " + port.id + " cannot be deleted directly via the"
                    + " port API: has device owner " + port.deviceOwner + ".");
        }
        PortRuleChanges changes = new PortRuleChanges().membersOf(port.securityGroups);
        ports.delete(port);
        portRules.publish(changes);
        return Response.noContent().build();
    }

    private Port create(Attributes request) {
        Network network = networks.visible(request.requiredUuid("network_id"));
        if (!networks.canPlugInto(network)) {
            throw NeutronError.policy("create_port and rule:create_port:network");
        }
        Port port = Ports.blank(network.id, request.owner(caller));
        port.portSecurityEnabled = network.portSecurityEnabled;
        port.macAddress = request.has("mac_address") ? MacAddresses.requested(request.string("mac_address"))
                : MacAddresses.generate(network.id);
        apply(port, request);
        List<UUID> groups = request.has("security_groups") ? securityGroups(request, port.projectId) : null;
        if (groups == null && !port.portSecurityEnabled) {
            groups = List.of();
        }
        return ports.create(port, request.has("fixed_ips") ? fixedIps(request) : null, groups);
    }

    private void apply(Port port, Attributes request) {
        if (request.has("binding:host_id") || request.has("binding:profile")) {
            caller.requireAdmin("create_port:binding:host_id");
        }
        port.name = request.string("name", port.name);
        port.description = request.string("description", port.description);
        port.adminStateUp = request.bool("admin_state_up", port.adminStateUp);
        port.deviceId = request.string("device_id", port.deviceId);
        port.deviceOwner = request.string("device_owner", port.deviceOwner);
        port.bindingHostId = request.string("binding:host_id", port.bindingHostId);
        port.bindingVnicType = request.string("binding:vnic_type", port.bindingVnicType);
        port.portSecurityEnabled = request.bool("port_security_enabled", port.portSecurityEnabled);
        if (request.raw("allowed_address_pairs") != null) {
            port.allowedAddressPairs = addressPairs(request.list("allowed_address_pairs"), port.macAddress);
        }
    }

    private List<FixedIpRequest> fixedIps(Attributes request) {
        List<Object> entries = request.list("fixed_ips");
        List<FixedIpRequest> requests = new ArrayList<>();
        for (Object entry : entries == null ? List.of() : entries) {
            if (!(entry instanceof Map<?, ?> fixedIp)) {
                throw NeutronError.invalidInput("fixed_ips", "'" + entry + "' is not a dictionary");
            }
            for (Object key : fixedIp.keySet()) {
                if (!key.equals("subnet_id") && !key.equals("ip_address")) {
                    throw NeutronError.invalidInput("fixed_ips", "unrecognized key '" + key + "'");
                }
            }
            UUID subnetId = fixedIp.get("subnet_id") == null ? null : Ids.parse("fixed_ips", fixedIp.get("subnet_id"));
            IpAddress address = null;
            if (fixedIp.get("ip_address") != null) {
                Object text = fixedIp.get("ip_address");
                address = IpAddress.parse(text instanceof String s ? s : null)
                        .orElseThrow(() -> NeutronError.invalidInput("fixed_ips", "'" + text + "' is not a valid IP address"));
            }
            requests.add(new FixedIpRequest(subnetId, address));
        }
        return requests;
    }

    private List<UUID> securityGroups(Attributes request, String projectId) {
        List<Object> ids = request.list("security_groups");
        List<UUID> groups = new ArrayList<>();
        for (Object id : ids == null ? List.of() : ids) {
            UUID groupId = Ids.parse("security_groups", id);
            if (!securityGroups.visible(groupId).projectId.equals(projectId)) {
                throw new NeutronError(404, "SecurityGroupNotFound", "Security group " + groupId + " does not exist");
            }
            if (!groups.contains(groupId)) {
                groups.add(groupId);
            }
        }
        return groups;
    }

    private static List<Map<String, String>> addressPairs(List<Object> entries, String portMac) {
        List<Map<String, String>> pairs = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> pair) || !(pair.get("ip_address") instanceof String ip)) {
                throw NeutronError.invalidInput("allowed_address_pairs", "'" + entry + "' needs an ip_address");
            }
            Cidr cidr = Cidr.parse(ip).orElseThrow(() -> NeutronError.invalidInput("allowed_address_pairs",
                    "'" + ip + "' is not a valid IP address or CIDR"));
            Map<String, String> normalized = new LinkedHashMap<>();
            normalized.put("ip_address", ip.contains("/") ? cidr.toString() : cidr.network().toString());
            Object mac = pair.get("mac_address");
            normalized.put("mac_address", mac == null ? portMac : MacAddresses.requested(String.valueOf(mac)));
            if (pairs.contains(normalized)) {
                throw NeutronError.badRequest("Request contains duplicate address pair: mac_address "
                        + normalized.get("mac_address") + " ip_address " + normalized.get("ip_address") + ".");
            }
            pairs.add(normalized);
        }
        return pairs;
    }

    /** {@code {id}/tags}: the tags of this resource. */
    @Path("{id}/tags")
    public TagResource tags() {
        return tagResource;
    }
}
