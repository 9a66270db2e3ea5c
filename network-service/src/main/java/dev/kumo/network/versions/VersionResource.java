package dev.kumo.network.versions;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Neutron's version discovery ({@code GET /}) and the v2.0 resource index ({@code GET /v2.0}). No token needed. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    private static final List<String[]> RESOURCES = List.of(new String[] {"network", "networks"},
            new String[] {"subnet", "subnets"}, new String[] {"port", "ports"}, new String[] {"router", "routers"},
            new String[] {"floatingip", "floatingips"}, new String[] {"security_group", "security-groups"},
            new String[] {"security_group_rule", "security-group-rules"}, new String[] {"quota", "quotas"});

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> versions() {
        return Map.of("versions", List.of(Map.of(
                "id", "v2.0",
                "status", "CURRENT",
                "links", List.of(Map.of("rel", "self", "href", uri.getBaseUri() + "v2.0/")))));
    }

    @GET
    @Path("v2.0")
    public Map<String, Object> resources() {
        return Map.of("resources", RESOURCES.stream().map(resource -> Map.of(
                "name", resource[0],
                "collection", resource[1],
                "links", List.of(Map.of("rel", "self", "href", uri.getBaseUri() + "v2.0/" + resource[1]))))
                .toList());
    }
}
