package dev.kumo.gateway.flavors;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Links;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nova's flavors: list, detail and show. */
@Path("/compute/v2.1/flavors")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class FlavorResource {

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> list() {
        List<Map<String, Object>> flavors = Flavor.publicOnes().stream()
                .map(flavor -> Map.<String, Object>of("id", flavor.id, "name", flavor.name,
                        "links", Links.of(uri, "flavors", flavor.id)))
                .toList();
        return Map.of("flavors", flavors);
    }

    @GET
    @Path("/detail")
    public Map<String, Object> detail() {
        return Map.of("flavors", Flavor.publicOnes().stream().map(this::view).toList());
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        Flavor flavor = Flavor.byId(id).orElseThrow(() -> ComputeError.notFound("Flavor " + id + " could not be found."));
        return Map.of("flavor", view(flavor));
    }

    @GET
    @Path("/{id}/os-extra_specs")
    @SuppressWarnings("unchecked")
    public Map<String, Object> extraSpecs(@PathParam("id") String id) {
        Flavor flavor = Flavor.byId(id).orElseThrow(() -> ComputeError.notFound("Flavor " + id + " could not be found."));
        List<Object[]> rows = Flavor.getEntityManager()
                .createNativeQuery("select key, value from flavor_extra_spec where flavor_id = :id order by key")
                .setParameter("id", flavor.id)
                .getResultList();
        Map<String, String> specs = new LinkedHashMap<>();
        rows.forEach(row -> specs.put((String) row[0], (String) row[1]));
        return Map.of("extra_specs", specs);
    }

    private Map<String, Object> view(Flavor flavor) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flavor.id);
        view.put("name", flavor.name);
        view.put("ram", flavor.ramMb);
        view.put("disk", flavor.diskGb);
        view.put("vcpus", flavor.vcpus);
        view.put("swap", flavor.swapMb == 0 ? "" : flavor.swapMb);
        view.put("OS-FLV-EXT-DATA:ephemeral", flavor.ephemeralGb);
        view.put("OS-FLV-DISABLED:disabled", flavor.disabled);
        view.put("os-flavor-access:is_public", flavor.isPublic);
        view.put("rxtx_factor", flavor.rxtxFactor);
        view.put("links", Links.of(uri, "flavors", flavor.id));
        return view;
    }
}
