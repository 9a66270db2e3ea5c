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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Keystone's services, for admins: Kumo's own (built in, see {@link ServiceCatalog}) and those admins add. */
@Path("/identity/v3/services")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServiceResource {

    private final Caller caller;
    private final Catalog catalog;
    private final String region;

    @Context
    UriInfo uri;

    public ServiceResource(Caller caller, Catalog catalog, @ConfigProperty(name = "kumo.region") String region) {
        this.caller = caller;
        this.catalog = catalog;
        this.region = region;
    }

    @GET
    public Map<String, Object> list(@QueryParam("type") String type, @QueryParam("name") String name) {
        requireAdmin("identity:list_services");
        List<Catalog.Service> services = new ArrayList<>(builtIn());
        services.addAll(catalog.services());
        return Map.of("services", services.stream()
                .filter(service -> type == null || type.equals(service.type()))
                .filter(service -> name == null || name.equals(service.name()))
                .map(this::body).toList(), "links", KeystoneLinks.collection(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        requireAdmin("identity:create_service");
        JsonNode service = KeystoneRequest.object(body, "service");
        Boolean enabled = KeystoneRequest.bool(service, "enabled");
        Catalog.Service created = new Catalog.Service(Catalog.newId(), KeystoneRequest.required(service, "type"),
                KeystoneRequest.text(service, "name"), KeystoneRequest.text(service, "description"),
                enabled == null || enabled);
        catalog.save(created, true);
        return Response.status(201).entity(Map.of("service", body(created))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        requireAdmin("identity:get_service");
        return Map.of("service", body(builtIn(id).or(() -> catalog.service(id))
                .orElseThrow(() -> notFound(id))));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        requireAdmin("identity:update_service");
        JsonNode changes = KeystoneRequest.object(body, "service");
        Catalog.Service service = requireStored(id);
        String type = KeystoneRequest.text(changes, "type");
        Boolean enabled = KeystoneRequest.bool(changes, "enabled");
        Catalog.Service updated = new Catalog.Service(id, type == null ? service.type() : type,
                changes.has("name") ? KeystoneRequest.text(changes, "name") : service.name(),
                changes.has("description") ? KeystoneRequest.text(changes, "description") : service.description(),
                enabled == null ? service.enabled() : enabled);
        catalog.save(updated, false);
        return Map.of("service", body(updated));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        requireAdmin("identity:delete_service");
        requireStored(id);
        catalog.deleteService(id);
        return Response.noContent().build();
    }

    private Catalog.Service requireStored(String id) {
        if (builtIn(id).isPresent()) {
            throw IdentityError.forbidden("identity:update_service (the service " + id + " is built in)");
        }
        return catalog.service(id).orElseThrow(() -> notFound(id));
    }

    private List<Catalog.Service> builtIn() {
        return ServiceCatalog.of(KeystoneLinks.base(uri), region).stream()
                .map(s -> new Catalog.Service((String) s.get("id"), (String) s.get("type"), (String) s.get("name"),
                        null, true)).toList();
    }

    private Optional<Catalog.Service> builtIn(String id) {
        return builtIn().stream().filter(service -> service.id().equals(id)).findFirst();
    }

    private static IdentityError notFound(String id) {
        return IdentityError.notFound("Could not find service: " + id + ".");
    }

    private void requireAdmin(String policy) {
        if (!caller.isAdmin()) {
            throw IdentityError.forbidden(policy);
        }
    }

    private Map<String, Object> body(Catalog.Service service) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", service.id());
        body.put("type", service.type());
        if (service.name() != null) {
            body.put("name", service.name());
        }
        if (service.description() != null) {
            body.put("description", service.description());
        }
        body.put("enabled", service.enabled());
        body.put("links", KeystoneLinks.self(uri, "/identity/v3/services/" + service.id()));
        return body;
    }
}
