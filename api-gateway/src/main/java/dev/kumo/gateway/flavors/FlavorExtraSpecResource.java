package dev.kumo.gateway.flavors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A flavor's extra specs ({@code hw:cpu_policy}...): everyone reads them, admins change them. */
@Path("/compute/v2.1/flavors/{flavorId}/os-extra_specs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class FlavorExtraSpecResource {

    private final Caller caller;
    private final EntityManager entities;

    public FlavorExtraSpecResource(Caller caller, EntityManager entities) {
        this.caller = caller;
        this.entities = entities;
    }

    @GET
    public Map<String, Object> list(@PathParam("flavorId") String flavorId) {
        return Map.of("extra_specs", specs(flavor(flavorId)));
    }

    @GET
    @Path("/{key}")
    public Map<String, Object> show(@PathParam("flavorId") String flavorId, @PathParam("key") String key) {
        String value = specs(flavor(flavorId)).get(key);
        if (value == null) {
            throw ComputeError.notFound("Flavor " + flavorId + " has no extra specs with key " + key + ".");
        }
        return Map.of(key, value);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> create(@PathParam("flavorId") String flavorId, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-flavor-extra-specs:create");
        Flavor flavor = flavor(flavorId);
        Map<String, String> specs = Fields.metadata("extra_specs", Fields.object(body, "extra_specs"));
        specs.forEach((key, value) -> put(flavor, key, value));
        return Map.of("extra_specs", specs);
    }

    @PUT
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> update(@PathParam("flavorId") String flavorId, @PathParam("key") String key,
            JsonNode body) {
        caller.requireAdmin("os_compute_api:os-flavor-extra-specs:update");
        Flavor flavor = flavor(flavorId);
        if (body == null || !body.isObject() || body.size() != 1 || !body.has(key)) {
            throw ComputeError.badRequest("The request body must hold exactly the key in the URL, " + key + ".");
        }
        Map<String, String> spec = Fields.metadata("extra_specs", body);
        put(flavor, key, spec.get(key));
        return Map.of(key, spec.get(key));
    }

    @DELETE
    @Path("/{key}")
    @Transactional
    public jakarta.ws.rs.core.Response delete(@PathParam("flavorId") String flavorId, @PathParam("key") String key) {
        caller.requireAdmin("os_compute_api:os-flavor-extra-specs:delete");
        Flavor flavor = flavor(flavorId);
        int deleted = entities.createNativeQuery("delete from flavor_extra_spec where flavor_id = ?1 and key = ?2")
                .setParameter(1, flavor.id).setParameter(2, key).executeUpdate();
        if (deleted == 0) {
            throw ComputeError.notFound("Flavor " + flavorId + " has no extra specs with key " + key + ".");
        }
        return jakarta.ws.rs.core.Response.ok().build();
    }

    private void put(Flavor flavor, String key, String value) {
        entities.createNativeQuery("insert into flavor_extra_spec (flavor_id, key, value) values (?1, ?2, ?3)"
                + " on conflict (flavor_id, key) do update set value = excluded.value")
                .setParameter(1, flavor.id).setParameter(2, key).setParameter(3, value).executeUpdate();
    }

    private Flavor flavor(String id) {
        return Flavor.visible(id, caller.isAdmin() ? null : caller.projectId(), caller.isAdmin())
                .orElseThrow(() -> ComputeError.notFound("Flavor " + id + " could not be found."));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> specs(Flavor flavor) {
        List<Object[]> rows = entities
                .createNativeQuery("select key, value from flavor_extra_spec where flavor_id = ?1 order by key")
                .setParameter(1, flavor.id).getResultList();
        Map<String, String> specs = new LinkedHashMap<>();
        rows.forEach(row -> specs.put((String) row[0], (String) row[1]));
        return specs;
    }
}
