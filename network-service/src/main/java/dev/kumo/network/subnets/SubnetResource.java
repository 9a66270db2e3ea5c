package dev.kumo.network.subnets;

import dev.kumo.network.api.Attributes;
import dev.kumo.network.api.Listing;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import dev.kumo.network.ipam.Cidr;
import dev.kumo.network.ipam.IpAddress;
import dev.kumo.network.ipam.IpAllocation;
import dev.kumo.network.networks.Network;
import dev.kumo.network.networks.NetworkAccess;
import dev.kumo.network.quotas.Quotas;
import dev.kumo.network.securitygroups.PortRuleChanges;
import dev.kumo.network.securitygroups.PortRuleUpdates;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /v2.0/subnets}: list, create (one or in bulk), show, update, delete. */
@Path("/v2.0/subnets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubnetResource {

    private static final Set<String> CREATABLE = Set.of("name", "description", "network_id", "ip_version", "cidr",
            "gateway_ip", "allocation_pools", "dns_nameservers", "host_routes", "enable_dhcp", "ipv6_ra_mode",
            "ipv6_address_mode", "tenant_id", "project_id", "service_types");
    private static final Set<String> UPDATABLE = Set.of("name", "description", "gateway_ip", "allocation_pools",
            "dns_nameservers", "host_routes", "enable_dhcp", "service_types");

    private final Caller caller;
    private final SubnetAccess access;
    private final NetworkAccess networks;
    private final Quotas quotas;
    private final Tags tags;
    private final PortRuleUpdates portRules;
    private final Clock clock;

    @Context
    UriInfo uri;

    @Inject
    TagResource tagResource;

    public SubnetResource(Caller caller, SubnetAccess access, NetworkAccess networks, Quotas quotas, Tags tags,
            PortRuleUpdates portRules, Clock clock) {
        this.caller = caller;
        this.access = access;
        this.networks = networks;
        this.quotas = quotas;
        this.tags = tags;
        this.portRules = portRules;
        this.clock = clock;
    }

    @GET
    @Transactional
    public Map<String, Object> list() {
        return Listing.render("subnets", views(access.visibleSubnets()), uri);
    }

    @GET
    @Path("{id}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("subnet", Listing.fields(views(List.of(access.visible(id))).get(0), uri));
    }

    @POST
    @Transactional
    public Response create(Map<String, Object> body) {
        caller.requireChange("create_subnet");
        List<Subnet> created = new ArrayList<>();
        for (Attributes request : Attributes.bulk(body, "subnet", "subnets")) {
            created.add(create(request.allowOnly(CREATABLE)));
        }
        List<Map<String, Object>> views = views(created);
        Object entity = body.containsKey("subnets") ? Map.of("subnets", views) : Map.of("subnet", views.get(0));
        return Response.status(201).entity(entity).build();
    }

    @PUT
    @Path("{id}")
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, Map<String, Object> body) {
        Subnet subnet = access.owned(id, "update_subnet");
        Attributes changes = Attributes.single(body, "subnet").readOnly("id", "network_id", "ip_version", "cidr",
                "tenant_id", "project_id", "ipv6_ra_mode", "ipv6_address_mode").allowOnly(UPDATABLE);
        Cidr cidr = subnet.prefix();
        IpAddress gateway = changes.has("gateway_ip")
                ? SubnetRules.gateway(true, changes.string("gateway_ip", 64), cidr) : subnet.gateway();
        if (changes.has("allocation_pools") && changes.raw("allocation_pools") != null) {
            subnet.allocationPools = SubnetRules.pools(changes.list("allocation_pools"), cidr, gateway);
        } else {
            SubnetRules.checkGatewayOutsidePools(gateway, subnet.allocationPools);
        }
        subnet.gatewayIp = gateway == null ? null : gateway.toString();
        apply(subnet, changes);
        subnet.touch(Instant.now(clock));
        return Map.of("subnet", views(List.of(subnet)).get(0));
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        Subnet subnet = access.owned(id, "delete_subnet");
        PortRuleChanges ruleChanges = new PortRuleChanges();
        if (subnet.isAutoAddressed()) {
            // As in Neutron, SLAAC addresses go with their subnet: derived from the MAC, never asked for.
            ruleChanges.membersOf(portRules.groupsWithAddressesIn(subnet.id));
            IpAllocation.delete("subnetId = ?1 and portId in (select p.id from Port p"
                    + " where p.deviceOwner not like 'network:router%')", subnet.id);
        }
        if (IpAllocation.inSubnet(subnet.id) > 0) {
            throw NeutronError.inUse("SubnetInUse", "Unable to complete operation on subnet " + subnet.id
                    + ": One or more ports have an IP allocation from this subnet.");
        }
        tags.removeAll(subnet.id);
        subnet.delete();
        portRules.publish(ruleChanges);
        return Response.noContent().build();
    }

    private Subnet create(Attributes request) {
        UUID networkId = request.requiredUuid("network_id");
        String projectId = request.owner(caller);
        int ipVersion = SubnetRules.ipVersion(request.raw("ip_version"));
        Cidr cidr = SubnetRules.cidr(request.string("cidr", 64), ipVersion);
        Network network = networks.visibleLocked(networkId);
        networks.requireOwner(network, "create_subnet");
        for (Subnet other : Subnet.onNetwork(network.id)) {
            if (other.prefix().overlaps(cidr)) {
                throw NeutronError.invalidOperation("Requested subnet with cidr: " + cidr + " for network: "
                        + network.id + " overlaps with another subnet");
            }
        }
        String raMode = request.string("ipv6_ra_mode");
        String addressMode = request.string("ipv6_address_mode");
        SubnetRules.ipv6Modes(ipVersion, raMode, addressMode, cidr);
        IpAddress gateway = SubnetRules.gateway(request.has("gateway_ip"), request.string("gateway_ip", 64), cidr);
        quotas.claim(projectId, "subnet", 1);

        Instant now = Instant.now(clock);
        Subnet subnet = new Subnet();
        subnet.id = UUID.randomUUID();
        subnet.networkId = network.id;
        subnet.projectId = projectId;
        subnet.name = "";
        subnet.description = "";
        subnet.ipVersion = ipVersion;
        subnet.cidr = cidr.toString();
        subnet.gatewayIp = gateway == null ? null : gateway.toString();
        subnet.enableDhcp = true;
        subnet.ipv6RaMode = raMode;
        subnet.ipv6AddressMode = addressMode != null ? addressMode : raMode;
        subnet.allocationPools = request.raw("allocation_pools") != null
                ? SubnetRules.pools(request.list("allocation_pools"), cidr, gateway)
                : SubnetRules.defaultPools(cidr, gateway);
        subnet.createdAt = now;
        subnet.updatedAt = now;
        apply(subnet, request);
        subnet.persist();
        return subnet;
    }

    private void apply(Subnet subnet, Attributes request) {
        subnet.name = request.string("name", subnet.name);
        subnet.description = request.string("description", subnet.description);
        subnet.enableDhcp = request.bool("enable_dhcp", subnet.enableDhcp);
        if (request.raw("dns_nameservers") != null) {
            subnet.dnsNameservers = SubnetRules.nameservers(request.list("dns_nameservers"), subnet.ipVersion);
        }
        if (request.raw("host_routes") != null) {
            subnet.hostRoutes = SubnetRules.hostRoutes(request.list("host_routes"), subnet.ipVersion);
        }
    }

    private List<Map<String, Object>> views(List<Subnet> subnets) {
        Map<UUID, List<String>> allTags = tags.forAll(subnets.stream().map(subnet -> subnet.id).toList());
        return subnets.stream().map(subnet -> SubnetView.of(subnet, allTags.getOrDefault(subnet.id, List.of()))).toList();
    }

    /** {@code {id}/tags}: the tags of this resource. */
    @Path("{id}/tags")
    public TagResource tags() {
        return tagResource;
    }
}
