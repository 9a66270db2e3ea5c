package dev.kumo.gateway.migrations;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Instance;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Nova's {@code GET /servers/{id}/migrations} (2.23+, admins): the server's live migrations in progress, and one of
 * them by id. Kumo measures no memory or disk transfer, so those counts are 0.
 */
@Path("/compute/v2.1/servers/{id}/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerMigrationResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private final Caller caller;
    private final RequestedMicroversion version;

    public ServerMigrationResource(Caller caller, RequestedMicroversion version) {
        this.caller = caller;
        this.version = version;
    }

    @GET
    @Transactional
    public Map<String, Object> list(@PathParam("id") String id) {
        UUID instanceId = checked(id, "index");
        return Map.of("migrations", Migration.liveInProgressOf(instanceId).stream().map(this::view).toList());
    }

    @GET
    @Path("/{migrationId}")
    @Transactional
    public Map<String, Object> show(@PathParam("id") String id, @PathParam("migrationId") String migrationId) {
        UUID instanceId = checked(id, "show");
        return Migration.liveInProgressOf(instanceId).stream()
                .filter(migration -> String.valueOf(migration.id).equals(migrationId))
                .findFirst()
                .map(migration -> Map.<String, Object>of("migration", view(migration)))
                .orElseThrow(() -> ComputeError.notFound("In-progress live migration " + migrationId
                        + " is not found for server " + instanceId + "."));
    }

    private UUID checked(String id, String operation) {
        if (!version.get().atLeast(23)) {
            throw ComputeError.notFound("The resource could not be found.");
        }
        caller.requireAdmin("os_compute_api:servers:migrations:" + operation);
        UUID instanceId;
        try {
            instanceId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ComputeError.notFound("Instance " + id + " could not be found.");
        }
        if (Instance.visible(instanceId, null).isEmpty()) {
            throw ComputeError.notFound("Instance " + id + " could not be found.");
        }
        return instanceId;
    }

    private Map<String, Object> view(Migration migration) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", TIME.format(migration.createdAt.truncatedTo(ChronoUnit.MICROS)));
        view.put("dest_compute", migration.destHost);
        view.put("dest_host", null);
        view.put("dest_node", migration.destHost);
        view.put("disk_processed_bytes", 0);
        view.put("disk_remaining_bytes", 0);
        view.put("disk_total_bytes", 0);
        view.put("id", migration.id);
        view.put("memory_processed_bytes", 0);
        view.put("memory_remaining_bytes", 0);
        view.put("memory_total_bytes", 0);
        view.put("server_uuid", migration.instanceId.toString());
        view.put("source_compute", migration.sourceHost);
        view.put("source_node", migration.sourceHost);
        view.put("status", migration.status);
        view.put("updated_at", TIME.format(migration.updatedAt.truncatedTo(ChronoUnit.MICROS)));
        return view;
    }
}
