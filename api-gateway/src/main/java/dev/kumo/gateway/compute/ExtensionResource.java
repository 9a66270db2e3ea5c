package dev.kumo.gateway.compute;

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
 * Nova's {@code /extensions}: the extension aliases older clients look for. Microversions replaced extensions;
 * the list names those whose APIs Kumo serves.
 */
@Path("/compute/v2.1/extensions")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ExtensionResource {

    private static final Map<String, String> EXTENSIONS = extensions();

    @GET
    public Map<String, Object> list() {
        return Map.of("extensions", EXTENSIONS.entrySet().stream().map(e -> view(e.getKey(), e.getValue())).toList());
    }

    @GET
    @Path("/{alias}")
    public Map<String, Object> show(@PathParam("alias") String alias) {
        String name = EXTENSIONS.get(alias);
        if (name == null) {
            throw ComputeError.notFound("Extension " + alias + " could not be found.");
        }
        return Map.of("extension", view(alias, name));
    }

    private static Map<String, Object> view(String alias, String name) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alias", alias);
        view.put("name", name);
        view.put("namespace", "http://docs.openstack.org/compute/ext/fake_xml");
        view.put("description", name + " support.");
        view.put("updated", "2014-12-03T00:00:00Z");
        view.put("links", List.of());
        return view;
    }

    private static Map<String, String> extensions() {
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("os-availability-zone", "AvailabilityZone");
        extensions.put("os-extended-availability-zone", "ExtendedAvailabilityZone");
        extensions.put("OS-EXT-SRV-ATTR", "ExtendedServerAttributes");
        extensions.put("OS-EXT-STS", "ExtendedStatus");
        extensions.put("OS-FLV-DISABLED", "FlavorDisabled");
        extensions.put("OS-FLV-EXT-DATA", "FlavorExtraData");
        extensions.put("os-flavor-access", "FlavorAccess");
        extensions.put("os-flavor-extra-specs", "FlavorExtraSpecs");
        extensions.put("os-flavor-manage", "FlavorManage");
        extensions.put("os-hypervisors", "Hypervisors");
        extensions.put("os-instance-actions", "InstanceActions");
        extensions.put("os-keypairs", "Keypairs");
        extensions.put("os-lock-server", "LockServer");
        extensions.put("os-pause-server", "PauseServer");
        extensions.put("os-quota-sets", "Quotas");
        extensions.put("os-quota-class-sets", "QuotaClasses");
        extensions.put("os-server-groups", "ServerGroups");
        extensions.put("os-server-tags", "ServerTags");
        extensions.put("os-services", "Services");
        extensions.put("os-suspend-server", "SuspendServer");
        extensions.put("os-console-output", "ConsoleOutput");
        extensions.put("os-simple-tenant-usage", "SimpleTenantUsage");
        extensions.put("OS-SRV-USG", "ServerUsage");
        return extensions;
    }
}
