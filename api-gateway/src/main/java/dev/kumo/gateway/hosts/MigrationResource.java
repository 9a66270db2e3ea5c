package dev.kumo.gateway.hosts;

import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Nova's {@code os-migrations} for admins. Kumo does not migrate instances yet, so there are none to list. */
@Path("/compute/v2.1/os-migrations")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MigrationResource {

    private final Caller caller;

    public MigrationResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    public Map<String, Object> list() {
        caller.requireAdmin("os_compute_api:os-migrations:index");
        return Map.of("migrations", List.of());
    }
}
