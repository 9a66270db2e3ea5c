package dev.kumo.scheduler.placement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.scheduler.api.ApiError;
import dev.kumo.scheduler.hosts.Host;
import dev.kumo.scheduler.hosts.HostTraits;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A host's traits as Placement's {@code /resource_providers/{uuid}/traits}: read them with the provider's generation,
 * replace them all by naming the generation read (409 {@code placement.concurrent_update} when it moved on), or
 * remove them all. The provider is named by its uuid (or, as Kumo's inventories are, by its host name).
 */
@Path("/placement/resource_providers/{provider}/traits")
@Produces(MediaType.APPLICATION_JSON)
public class ProviderTraitResource {

    private final HostTraits traits;

    public ProviderTraitResource(HostTraits traits) {
        this.traits = traits;
    }

    @GET
    public Map<String, Object> show(@PathParam("provider") String provider) {
        return view(found(provider));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> replace(@PathParam("provider") String provider, JsonNode body) {
        Host host = found(provider);
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("JSON does not validate: the body must be an object with"
                    + " resource_provider_generation and traits.");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("resource_provider_generation") && !name.equals("traits")) {
                throw ApiError.badRequest("JSON does not validate: Additional properties are not allowed ('" + name
                        + "' was unexpected)");
            }
        }
        JsonNode generation = body.get("resource_provider_generation");
        if (generation == null || !generation.isIntegralNumber()) {
            throw ApiError.badRequest("JSON does not validate: 'resource_provider_generation' is a required property"
                    + " and must be an integer.");
        }
        List<String> wanted = names(body.get("traits"));
        if (!traits.replace(host, generation.asLong(), wanted)) {
            throw ApiError.of(Response.Status.CONFLICT, "Resource provider's generation already changed. Please"
                    + " update the generation and try again.", "placement.concurrent_update");
        }
        return view(host);
    }

    @DELETE
    @Transactional
    public void removeAll(@PathParam("provider") String provider) {
        Host host = found(provider);
        traits.replace(host, host.generation, List.of());
    }

    private static List<String> names(JsonNode list) {
        if (list == null || !list.isArray()) {
            throw ApiError.badRequest("JSON does not validate: 'traits' is a required property and must be an array.");
        }
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode trait : list) {
            if (!trait.isTextual() || !HostTraits.isValidName(trait.asText())) {
                throw ApiError.badRequest("JSON does not validate: " + trait + " is not a trait name (upper-case"
                        + " letters, digits and underscores, e.g. CUSTOM_GPU).");
            }
            if (!names.add(trait.asText())) {
                throw ApiError.badRequest("JSON does not validate: " + trait + " is listed twice ('traits' has"
                        + " non-unique elements).");
            }
        }
        return new ArrayList<>(names);
    }

    private Map<String, Object> view(Host host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("resource_provider_generation", host.generation);
        view.put("traits", traits.of(host.name));
        return view;
    }

    private static Host found(String provider) {
        Host host = null;
        try {
            host = Host.find("uuid", UUID.fromString(provider)).firstResult();
        } catch (IllegalArgumentException e) {
            host = Host.findById(provider);
        }
        if (host == null) {
            throw ApiError.notFound("No resource provider with uuid " + provider + " found.");
        }
        return host;
    }
}
