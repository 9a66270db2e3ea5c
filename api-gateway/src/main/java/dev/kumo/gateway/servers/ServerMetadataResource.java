package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.quotas.QuotaResource;
import dev.kumo.gateway.quotas.Quotas;
import io.quarkus.security.Authenticated;
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
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A server's metadata: key/value pairs the tenant sets, also shown to the guest. */
@Path("/compute/v2.1/servers/{id}/metadata")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerMetadataResource {

    private final Caller caller;
    private final Quotas quotas;

    public ServerMetadataResource(Caller caller, Quotas quotas) {
        this.caller = caller;
        this.quotas = quotas;
    }

    @GET
    @Transactional
    public Map<String, Object> list(@PathParam("id") String id) {
        return Map.of("metadata", new LinkedHashMap<>(readable(id).metadata));
    }

    @GET
    @Path("/{key}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id, @PathParam("key") String key) {
        String value = readable(id).metadata.get(key);
        if (value == null) {
            throw notFound();
        }
        return Map.of("meta", Map.of(key, value));
    }

    /** Replaces all metadata. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> replace(@PathParam("id") String id, JsonNode body) {
        Map<String, String> metadata = Fields.metadata("metadata", Fields.object(body, "metadata"));
        Instance instance = changeable(id);
        quotas.checkCount(instance.projectId, QuotaResource.METADATA_ITEMS, metadata.size());
        instance.metadata.clear();
        instance.metadata.putAll(metadata);
        instance.updatedAt = Instant.now();
        return Map.of("metadata", new LinkedHashMap<>(instance.metadata));
    }

    /** Adds or changes the given keys, keeping the others. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> merge(@PathParam("id") String id, JsonNode body) {
        Map<String, String> metadata = Fields.metadata("metadata", Fields.object(body, "metadata"));
        Instance instance = changeable(id);
        Map<String, String> merged = new LinkedHashMap<>(instance.metadata);
        merged.putAll(metadata);
        quotas.checkCount(instance.projectId, QuotaResource.METADATA_ITEMS, merged.size());
        instance.metadata.putAll(metadata);
        instance.updatedAt = Instant.now();
        return Map.of("metadata", new LinkedHashMap<>(instance.metadata));
    }

    @PUT
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Object> set(@PathParam("id") String id, @PathParam("key") String key, JsonNode body) {
        JsonNode meta = Fields.object(body, "meta");
        if (meta.size() != 1) {
            throw ComputeError.badRequest("Request body contains too many items");
        }
        if (!meta.has(key)) {
            throw ComputeError.badRequest("Request body and URI mismatch");
        }
        Map<String, String> item = Fields.metadata("meta", meta);
        Instance instance = changeable(id);
        Map<String, String> merged = new LinkedHashMap<>(instance.metadata);
        merged.putAll(item);
        quotas.checkCount(instance.projectId, QuotaResource.METADATA_ITEMS, merged.size());
        instance.metadata.putAll(item);
        instance.updatedAt = Instant.now();
        return Map.of("meta", item);
    }

    @DELETE
    @Path("/{key}")
    @Transactional
    public Response delete(@PathParam("id") String id, @PathParam("key") String key) {
        Instance instance = changeable(id);
        if (instance.metadata.remove(key) == null) {
            throw notFound();
        }
        instance.updatedAt = Instant.now();
        return Response.noContent().build();
    }

    private Instance readable(String id) {
        return Servers.visibleTo(ServerResource.parseId(id), caller);
    }

    private Instance changeable(String id) {
        caller.requireChange("os_compute_api:server-metadata:update");
        Instance instance = Servers.lockedFor(ServerResource.parseId(id), caller);
        Locks.check(instance, caller);
        return instance;
    }

    private static ComputeError notFound() {
        return ComputeError.notFound("Metadata item was not found");
    }
}
