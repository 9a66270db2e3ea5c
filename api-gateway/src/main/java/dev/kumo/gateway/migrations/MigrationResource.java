package dev.kumo.gateway.migrations;

import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nova's {@code os-migrations} for admins: every resize, newest first. */
@Path("/compute/v2.1/os-migrations")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MigrationResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private final Caller caller;
    private final RequestedMicroversion version;

    public MigrationResource(Caller caller, RequestedMicroversion version) {
        this.caller = caller;
        this.version = version;
    }

    @GET
    @Transactional
    public Map<String, Object> list(@QueryParam("host") String host, @QueryParam("status") String status,
            @QueryParam("instance_uuid") String instanceId, @QueryParam("migration_type") String type) {
        caller.requireAdmin("os_compute_api:os-migrations:index");
        List<Map<String, Object>> migrations = Migration.listed(host, status, instanceId, type).stream()
                .map(this::view).toList();
        return Map.of("migrations", migrations);
    }

    private Map<String, Object> view(Migration migration) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", migration.id);
        view.put("instance_uuid", migration.instanceId.toString());
        view.put("status", migration.status);
        view.put("source_compute", migration.sourceHost);
        view.put("source_node", migration.sourceHost);
        view.put("dest_compute", migration.destHost);
        view.put("dest_node", migration.destHost);
        view.put("dest_host", null);
        view.put("old_instance_type_id", flavorNumber(migration.oldFlavorId));
        view.put("new_instance_type_id", flavorNumber(migration.newFlavorId));
        view.put("created_at", time(migration.createdAt));
        view.put("updated_at", time(migration.updatedAt));
        if (version.get().atLeast(23)) {
            view.put("migration_type", migration.migrationType);
        }
        return view;
    }

    /** Nova shows its flavors' internal numbers here; Kumo's flavor ids are those numbers when they are numeric. */
    private static Object flavorNumber(String flavorId) {
        try {
            return Long.parseLong(flavorId);
        } catch (NumberFormatException e) {
            return flavorId;
        }
    }

    private static String time(Instant at) {
        return at == null ? null : TIME.format(at.truncatedTo(ChronoUnit.MICROS));
    }
}
