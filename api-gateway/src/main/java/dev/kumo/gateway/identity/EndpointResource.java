package dev.kumo.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keystone's endpoints, for admins: those of Kumo's own services (built in, following the gateway's address)
 * and those admins add to services they added (see {@link Catalog}).
 */
@Path("/identity/v3/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class EndpointResource {

    private static final Set<String> INTERFACES = Set.of("public", "internal", "admin");

    private final Caller caller;
    private final Catalog catalog;
    private final String region;

    @Context
    UriInfo uri;

    public EndpointResource(Caller caller, Catalog catalog, @ConfigProperty(name = "kumo.region") String region) {
        this.caller = caller;
        this.catalog = catalog;
        this.region = region;
    }

    @GET
    public Map<String, Object> list(@QueryParam("service_id") String serviceId,
            @QueryParam("interface") String iface, @QueryParam("region_id") String regionId) {
        requireAdmin("identity:list_endpoints");
        List<Catalog.Endpoint> endpoints = new ArrayList<>(builtIn());
        endpoints.addAll(catalog.endpoints());
        return Map.of("endpoints", endpoints.stream()
                .filter(endpoint -> serviceId == null || serviceId.equals(endpoint.serviceId()))
                .filter(endpoint -> iface == null || iface.equals(endpoint.iface()))
                .filter(endpoint -> regionId == null || regionId.equals(endpoint.regionId()))
                .map(this::body).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        requireAdmin("identity:create_endpoint");
        JsonNode endpoint = KeystoneRequest.object(body, "endpoint");
        String serviceId = KeystoneRequest.required(endpoint, "service_id");
        if (catalog.service(serviceId).isEmpty()) {
            throw IdentityError.badRequest("Invalid input for field 'service_id': no service " + serviceId + ".");
        }
        Boolean enabled = KeystoneRequest.bool(endpoint, "enabled");
        Catalog.Endpoint created = new Catalog.Endpoint(Catalog.newId(), serviceId,
                requireInterface(KeystoneRequest.required(endpoint, "interface")),
                KeystoneRequest.required(endpoint, "url"), requireRegion(regionOf(endpoint)),
                enabled == null || enabled);
        catalog.save(created, true);
        return Response.status(201).entity(Map.of("endpoint", body(created))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        requireAdmin("identity:get_endpoint");
        return Map.of("endpoint", body(builtIn(id).or(() -> catalog.endpoint(id)).orElseThrow(() -> notFound(id))));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        requireAdmin("identity:update_endpoint");
        JsonNode changes = KeystoneRequest.object(body, "endpoint");
        Catalog.Endpoint endpoint = requireStored(id);
        String serviceId = KeystoneRequest.text(changes, "service_id");
        if (serviceId != null && catalog.service(serviceId).isEmpty()) {
            throw IdentityError.badRequest("Invalid input for field 'service_id': no service " + serviceId + ".");
        }
        String iface = KeystoneRequest.text(changes, "interface");
        String url = KeystoneRequest.text(changes, "url");
        Boolean enabled = KeystoneRequest.bool(changes, "enabled");
        String regionId = changes.has("region_id") || changes.has("region") ? requireRegion(regionOf(changes))
                : endpoint.regionId();
        Catalog.Endpoint updated = new Catalog.Endpoint(id, serviceId == null ? endpoint.serviceId() : serviceId,
                iface == null ? endpoint.iface() : requireInterface(iface), url == null ? endpoint.url() : url,
                regionId, enabled == null ? endpoint.enabled() : enabled);
        catalog.save(updated, false);
        return Map.of("endpoint", body(updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        requireAdmin("identity:delete_endpoint");
        requireStored(id);
        catalog.deleteEndpoint(id);
        return Response.noContent().build();
    }

    private static String regionOf(JsonNode endpoint) {
        String regionId = KeystoneRequest.text(endpoint, "region_id");
        return regionId != null ? regionId : KeystoneRequest.text(endpoint, "region");
    }

    /** An endpoint's region, made when missing, as Keystone does for endpoints naming a new region. */
    private String requireRegion(String regionId) {
        if (regionId != null && !regionId.equals(region) && catalog.region(regionId).isEmpty()) {
            catalog.save(new Catalog.Region(regionId, "", null), true);
        }
        return regionId;
    }

    private static String requireInterface(String iface) {
        if (!INTERFACES.contains(iface)) {
            throw IdentityError.badRequest("Invalid input for field 'interface': " + iface
                    + " is not one of public, internal, admin.");
        }
        return iface;
    }

    private Catalog.Endpoint requireStored(String id) {
        if (builtIn(id).isPresent()) {
            throw IdentityError.forbidden("identity:update_endpoint (the endpoint " + id + " is built in)");
        }
        return catalog.endpoint(id).orElseThrow(() -> notFound(id));
    }

    @SuppressWarnings("unchecked")
    private List<Catalog.Endpoint> builtIn() {
        List<Catalog.Endpoint> endpoints = new ArrayList<>();
        for (Map<String, Object> service : ServiceCatalog.of(KeystoneLinks.base(uri), region)) {
            for (Map<String, Object> e : (List<Map<String, Object>>) service.get("endpoints")) {
                endpoints.add(new Catalog.Endpoint((String) e.get("id"), (String) service.get("id"),
                        (String) e.get("interface"), (String) e.get("url"), region, true));
            }
        }
        return endpoints;
    }

    private Optional<Catalog.Endpoint> builtIn(String id) {
        return builtIn().stream().filter(endpoint -> endpoint.id().equals(id)).findFirst();
    }

    private static IdentityError notFound(String id) {
        return IdentityError.notFound("Could not find endpoint: " + id + ".");
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    private Map<String, Object> body(Catalog.Endpoint endpoint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", endpoint.id());
        body.put("interface", endpoint.iface());
        body.put("region", endpoint.regionId());
        body.put("region_id", endpoint.regionId());
        body.put("url", endpoint.url());
        body.put("service_id", endpoint.serviceId());
        body.put("enabled", endpoint.enabled());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/endpoints/" + endpoint.id()));
        return body;
    }
}
