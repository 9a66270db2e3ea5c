package dev.kumo.agent.console;

import dev.kumo.agent.hosts.Fleet;
import dev.kumo.agent.hosts.Host;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The console output of an instance on one of this agent's hosts, for the gateway's {@code os-getConsoleOutput}:
 * the guest's serial console on QEMU hosts, the agent's lifecycle log of the instance on test-driver hosts.
 * {@code length} is the number of last lines wanted; absent or -1 means all that is kept (the last 100 KiB).
 */
@Path("/agent/instances/{id}/console-output")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {

    private final Fleet fleet;

    public ConsoleResource(Fleet fleet) {
        this.fleet = fleet;
    }

    @GET
    public Response output(@PathParam("id") String id, @QueryParam("length") Integer length) {
        if (length != null && length < -1) {
            return error(Response.Status.BAD_REQUEST, "badRequest",
                    "length must be -1 (all) or a number of lines of 0 or more, not " + length);
        }
        Optional<UUID> instanceId = parse(id);
        Optional<Host> host = instanceId.flatMap(fleet::holding);
        if (host.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "itemNotFound", "Instance " + id + " is not on this agent's hosts.");
        }
        OptionalInt lines = length == null || length == -1 ? OptionalInt.empty() : OptionalInt.of(length);
        String output = host.get().hypervisor().consoleLog(instanceId.get())
                .map(file -> ConsoleTail.of(file, lines, ConsoleTail.MAX_BYTES))
                .orElse("");
        return Response.ok(Map.of("output", output)).build();
    }

    static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Response error(Response.Status status, String kind, String message) {
        return Response.status(status)
                .entity(Map.of(kind, Map.of("code", status.getStatusCode(), "message", message)))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
