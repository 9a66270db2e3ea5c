package dev.kumo.scheduler.aggregates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.scheduler.api.ApiError;
import dev.kumo.scheduler.hosts.Host;
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
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Host aggregates in the shapes and with the errors of Nova's {@code os-aggregates}, which the gateway serves to
 * admins from here: 404 for an unknown aggregate or host, 409 for a duplicate name or member, 400 for a body that
 * is not what the operation takes or a change that would put a host in two availability zones. Internal.
 */
@Path("/aggregates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AggregateResource {

    private final Zones zones;

    public AggregateResource(Zones zones) {
        this.zones = zones;
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("aggregates", Aggregate.<Aggregate>list("order by id").stream().map(AggregateResource::view)
                .toList());
    }

    @POST
    @Transactional
    public Map<String, Object> create(JsonNode body) {
        JsonNode fields = object(body, "aggregate");
        only(fields, "aggregate", "name", "availability_zone");
        Aggregate aggregate = new Aggregate();
        aggregate.uuid = UUID.randomUUID();
        aggregate.name = name(fields.get("name"), "name");
        String zone = optionalZone(fields);
        if (zone != null) {
            aggregate.metadata.put(Aggregate.ZONE_KEY, zone);
        }
        requireUniqueName(aggregate.name);
        aggregate.createdAt = Instant.now();
        aggregate.persist();
        return Map.of("aggregate", view(aggregate));
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("aggregate", view(found(id)));
    }

    @PUT
    @Path("/{id}")
    @Transactional
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        Aggregate aggregate = found(id);
        JsonNode fields = object(body, "aggregate");
        only(fields, "aggregate", "name", "availability_zone");
        if (fields.isEmpty()) {
            throw ApiError.badRequest("Invalid input for field/attribute aggregate: an update names name or"
                    + " availability_zone.");
        }
        if (fields.has("name")) {
            String name = name(fields.get("name"), "name");
            if (!name.equals(aggregate.name)) {
                requireUniqueName(name);
                aggregate.name = name;
            }
        }
        if (fields.has("availability_zone")) {
            setZone(aggregate, optionalZone(fields));
            zones.refresh(aggregate.hosts);
        }
        aggregate.updatedAt = Instant.now();
        return Map.of("aggregate", view(aggregate));
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    public void delete(@PathParam("id") String id) {
        Aggregate aggregate = found(id);
        if (!aggregate.hosts.isEmpty()) {
            throw ApiError.badRequest("Cannot delete aggregate " + aggregate.id
                    + ". Reason: Host aggregate is not empty.");
        }
        aggregate.delete();
    }

    /** Nova's aggregate actions: exactly one of add_host, remove_host and set_metadata. */
    @POST
    @Path("/{id}/action")
    @Transactional
    public Map<String, Object> act(@PathParam("id") String id, JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ApiError.badRequest("The action body takes exactly one of add_host, remove_host, set_metadata.");
        }
        Aggregate aggregate = found(id);
        String action = body.fieldNames().next();
        JsonNode fields = object(body, action);
        switch (action) {
            case "add_host" -> addHost(aggregate, host(fields));
            case "remove_host" -> removeHost(aggregate, host(fields));
            case "set_metadata" -> setMetadata(aggregate, fields);
            default -> throw ApiError.badRequest("Unknown action " + action
                    + "; an aggregate takes add_host, remove_host or set_metadata.");
        }
        aggregate.updatedAt = Instant.now();
        zones.refresh(action.equals("remove_host") ? java.util.Set.of(host(fields)) : aggregate.hosts);
        return Map.of("aggregate", view(aggregate));
    }

    private void addHost(Aggregate aggregate, String host) {
        if (Host.findById(host) == null) {
            throw ApiError.notFound("Compute host " + host + " could not be found.");
        }
        if (aggregate.hosts.contains(host)) {
            throw ApiError.conflict("Aggregate " + aggregate.id + " already has host " + host + ".");
        }
        String zone = aggregate.zone();
        if (zone != null) {
            List<String> others = zones.zonesOf(host).stream().filter(other -> !other.equals(zone)).toList();
            if (!others.isEmpty()) {
                throw ApiError.conflict("Cannot add host to aggregate " + aggregate.id + ". Reason: One or more"
                        + " hosts already in availability zone(s) " + others + ".");
            }
        }
        aggregate.hosts.add(host);
    }

    private static void removeHost(Aggregate aggregate, String host) {
        if (!aggregate.hosts.remove(host)) {
            throw ApiError.notFound("Aggregate " + aggregate.id + " has no host " + host + ".");
        }
    }

    /** Sets each key to its value; a null value removes the key. */
    private void setMetadata(Aggregate aggregate, JsonNode fields) {
        only(fields, "set_metadata", "metadata");
        JsonNode metadata = object(fields, "metadata");
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.isEmpty() || key.length() > 255) {
                throw ApiError.badRequest("Invalid input for field/attribute metadata: keys are 1 to 255 characters.");
            }
            JsonNode value = entry.getValue();
            if (!value.isNull() && (!value.isTextual() || value.asText().length() > 255)) {
                throw ApiError.badRequest("Invalid input for field/attribute metadata." + key
                        + ": a string of at most 255 characters, or null to remove it.");
            }
            if (Aggregate.ZONE_KEY.equals(key)) {
                setZone(aggregate, value.isNull() ? null : zoneName(value.asText()));
            } else if (value.isNull()) {
                aggregate.metadata.remove(key);
            } else {
                aggregate.metadata.put(key, value.asText());
            }
        }
    }

    /** Moves the aggregate's hosts to the zone; refused if one of them is in another zone by another aggregate. */
    private void setZone(Aggregate aggregate, String zone) {
        if (Objects.equals(zone, aggregate.zone())) {
            return;
        }
        if (zone != null) {
            for (String host : aggregate.hosts) {
                List<String> others = zones.zonesOf(host, aggregate.id).stream()
                        .filter(other -> !other.equals(zone)).toList();
                if (!others.isEmpty()) {
                    throw ApiError.badRequest("Cannot update aggregate " + aggregate.id + ". Reason: host " + host
                            + " is already in availability zone(s) " + others + ".");
                }
            }
            aggregate.metadata.put(Aggregate.ZONE_KEY, zone);
        } else {
            aggregate.metadata.remove(Aggregate.ZONE_KEY);
        }
    }

    private static void requireUniqueName(String name) {
        if (Aggregate.named(name).isPresent()) {
            throw ApiError.conflict("Aggregate " + name + " already exists.");
        }
    }

    private static Aggregate found(String id) {
        Aggregate aggregate = null;
        try {
            aggregate = Aggregate.findById(Long.parseLong(id));
        } catch (NumberFormatException e) {
            // not an id: not found, as Nova answers
        }
        if (aggregate == null) {
            throw ApiError.notFound("Aggregate " + id + " could not be found.");
        }
        return aggregate;
    }

    private static JsonNode object(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || !value.isObject()) {
            throw ApiError.badRequest("Invalid input for field/attribute " + field + ": an object is required.");
        }
        return value;
    }

    private static void only(JsonNode fields, String parent, String... allowed) {
        for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of(allowed).contains(name)) {
                throw ApiError.badRequest("Invalid input for field/attribute " + parent + ". Additional properties"
                        + " are not allowed ('" + name + "' was unexpected).");
            }
        }
    }

    private static String name(JsonNode value, String field) {
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > 255) {
            throw ApiError.badRequest("Invalid input for field/attribute " + field
                    + ": a string of 1 to 255 characters is required.");
        }
        return value.asText().strip();
    }

    private static String host(JsonNode fields) {
        only(fields, "host action", "host");
        return name(fields.get("host"), "host");
    }

    private static String optionalZone(JsonNode fields) {
        JsonNode zone = fields.get("availability_zone");
        return zone == null || zone.isNull() ? null : zoneName(name(zone, "availability_zone"));
    }

    /** A zone name cannot hold ':', which separates zone and host in a server's availability_zone. */
    private static String zoneName(String zone) {
        if (zone.isBlank() || zone.contains(":")) {
            throw ApiError.badRequest("Invalid input for field/attribute availability_zone: a non-empty name"
                    + " without ':'.");
        }
        return zone;
    }

    static Map<String, Object> view(Aggregate aggregate) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", aggregate.id);
        view.put("uuid", aggregate.uuid.toString());
        view.put("name", aggregate.name);
        view.put("availability_zone", aggregate.zone());
        view.put("hosts", List.copyOf(aggregate.hosts));
        view.put("metadata", new java.util.TreeMap<>(aggregate.metadata));
        view.put("created_at", aggregate.createdAt.toString());
        view.put("updated_at", aggregate.updatedAt == null ? null : aggregate.updatedAt.toString());
        view.put("deleted", false);
        view.put("deleted_at", null);
        return view;
    }
}
