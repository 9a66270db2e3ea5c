package dev.kumo.network.versions;

import dev.kumo.network.errors.NeutronError;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v2.0/extensions}: the Neutron API extensions Kumo implements, and only those (clients and Tempest
 * decide what to use and test from this list).
 */
@Path("/v2.0/extensions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExtensionResource {

    static final List<String[]> EXTENSIONS = List.of(
            new String[] {"external-net", "Neutron external network", "Adds external network attribute to network resource."},
            new String[] {"router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."},
            new String[] {"extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"},
            new String[] {"ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"},
            new String[] {"security-group", "security-group", "The security groups extension."},
            new String[] {"quotas", "Quota management support", "Expose functions for quotas management per project"},
            new String[] {"quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project"},
            new String[] {"binding", "Port Binding", "Expose port bindings of a virtual port to external application"},
            new String[] {"port-security", "Port Security", "Provides port security"},
            new String[] {"allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"},
            new String[] {"net-mtu", "Network MTU", "Provides MTU attribute for a network resource."},
            new String[] {"standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"},
            new String[] {"standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."},
            new String[] {"standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."},
            new String[] {"standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip", "Enables to set tag on resources with standard attribute."},
            new String[] {"tag", "Tag support", "Enables to set tag on resources."},
            new String[] {"project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."},
            new String[] {"pagination", "Pagination support", "Extension that indicates that pagination is enabled."},
            new String[] {"sorting", "Sorting support", "Extension that indicates that sorting is enabled."});

    @GET
    public Map<String, Object> list() {
        return Map.of("extensions", EXTENSIONS.stream().map(ExtensionResource::extension).toList());
    }

    @GET
    @Path("{alias}")
    public Map<String, Object> show(@PathParam("alias") String alias) {
        return EXTENSIONS.stream().filter(extension -> extension[0].equals(alias)).findFirst()
                .map(extension -> Map.<String, Object>of("extension", extension(extension)))
                .orElseThrow(() -> new NeutronError(404, "HTTPNotFound", "Extension with alias " + alias + " does not exist"));
    }

    private static Map<String, Object> extension(String[] extension) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alias", extension[0]);
        view.put("name", extension[1]);
        view.put("description", extension[2]);
        view.put("updated", "2013-01-01T10:00:00-00:00");
        view.put("links", List.of());
        return view;
    }
}
