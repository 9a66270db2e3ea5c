package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.Links;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.images.Image;
import dev.kumo.gateway.images.ImageCatalog;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/** {@code POST /servers/{id}/action}: the body's single key names the action. */
@Path("/compute/v2.1/servers/{id}/action")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ServerActionResource {

    private final ServerActions actions;
    private final Resizes resizes;
    private final Migrations migrations;
    private final Snapshots snapshots;
    private final Evacuations evacuations;
    private final ConsoleOutput console;
    private final Caller caller;
    private final ImageCatalog images;
    private final RequestedMicroversion version;

    @Context
    UriInfo uri;

    public ServerActionResource(ServerActions actions, Resizes resizes, Migrations migrations, Snapshots snapshots,
            Evacuations evacuations, ConsoleOutput console, Caller caller, ImageCatalog images,
            RequestedMicroversion version) {
        this.actions = actions;
        this.resizes = resizes;
        this.migrations = migrations;
        this.snapshots = snapshots;
        this.evacuations = evacuations;
        this.console = console;
        this.caller = caller;
        this.images = images;
        this.version = version;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response act(@PathParam("id") String id, JsonNode body) {
        UUID instanceId = ServerResource.parseId(id);
        String action = actionName(body);
        actions.requireVisible(instanceId, caller);
        if ("os-getConsoleOutput".equals(action)) {
            return Response.ok(Map.of("output", console.of(instanceId, length(body.get(action)), caller))).build();
        }
        caller.requireChange("os_compute_api:servers:" + action);
        if ("rebuild".equals(action)) {
            return rebuild(instanceId, body.get(action));
        }
        if ("createImage".equals(action)) {
            return createImage(instanceId, Snapshots.Request.snapshot(body.get(action)));
        }
        if ("createBackup".equals(action)) {
            return createImage(instanceId, Snapshots.Request.backup(body.get(action)));
        }
        if ("evacuate".equals(action)) {
            return evacuate(instanceId, body.get(action));
        }
        if ("confirmResize".equals(action)) {
            resizes.confirm(instanceId, caller);
            return Response.noContent().build();
        }
        switch (action) {
            case "os-resetState" -> actions.resetState(instanceId, resetTo(body.get(action)), caller);
            case "addFloatingIp", "removeFloatingIp" -> throw ComputeError.notFound("floating IP "
                    + body.get(action).path("address").asText("") + " not found: Kumo has no floating IPs yet.");
            case "os-start" -> actions.power(instanceId, PowerAction.START, caller);
            case "os-stop" -> actions.power(instanceId, PowerAction.STOP, caller);
            case "reboot" -> actions.power(instanceId, rebootType(body.get(action)), caller);
            case "pause" -> actions.power(instanceId, PowerAction.PAUSE, caller);
            case "unpause" -> actions.power(instanceId, PowerAction.UNPAUSE, caller);
            case "suspend" -> actions.power(instanceId, PowerAction.SUSPEND, caller);
            case "resume" -> actions.power(instanceId, PowerAction.RESUME, caller);
            case "resize" -> resizes.resize(instanceId, flavorRef(body.get(action)), caller);
            case "revertResize" -> resizes.revert(instanceId, caller);
            case "migrate" -> migrations.migrate(instanceId, coldMigration(body.get(action)));
            case "os-migrateLive" -> migrations.migrateLive(instanceId, liveMigration(body.get(action)), caller);
            case "restore", "forceDelete" -> actions.refuseSoftDeleteAction(instanceId, action, caller);
            case "lock" -> actions.lock(instanceId, caller);
            case "unlock" -> actions.unlock(instanceId, caller);
            default -> throw ComputeError.badRequest("There is no such action: " + action);
        }
        return Response.accepted().build();
    }

    private Response rebuild(UUID instanceId, JsonNode body) {
        RebuildRequest request = RebuildRequest.from(body, version.get());
        Image image = images.find(request.imageRef(), caller.rawToken())
                .filter(Image::isActive)
                .orElseThrow(() -> ComputeError.badRequest("Image " + request.imageRef()
                        + " could not be found or is not active."));
        Map<String, Object> server = new java.util.LinkedHashMap<>(actions.rebuild(instanceId, request, image.id(),
                caller, new ServerView(uri, version.get(), caller.isAdmin())::basic));
        server.put("adminPass", request.adminPass() != null ? request.adminPass() : ServerResource.adminPass());
        return Response.accepted(Map.of("server", server)).build();
    }

    /**
     * Nova's evacuate body by microversion: {@code host}, before 2.14 {@code onSharedStorage} (required) and
     * {@code adminPass}, from 2.29 {@code force}. 200; before 2.14 the body carries the admin password.
     */
    private Response evacuate(UUID instanceId, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-evacuate");
        if (body == null || !body.isObject()) {
            throw Fields.invalid("evacuate", body, "It must be an object.");
        }
        java.util.Set<String> known = new java.util.HashSet<>(java.util.Set.of("host", "adminPass"));
        if (!version.atLeast(14)) {
            known.add("onSharedStorage");
        }
        if (version.atLeast(29)) {
            known.add("force");
        }
        Fields.onlyKnown(body, known);
        String host = body.hasNonNull("host") ? Fields.requiredString(body, "host", 1, 255) : null;
        boolean sharedStorage = !version.atLeast(14) && requiredBoolean(body, "onSharedStorage");
        String adminPass = body.hasNonNull("adminPass") ? Fields.requiredString(body, "adminPass", 0, 255) : null;
        if (sharedStorage && adminPass != null) {
            throw ComputeError.badRequest("admin password can't be changed on existing disk");
        }
        boolean force = body.has("force") && requiredBoolean(body, "force");
        if (force && host == null) {
            throw ComputeError.badRequest("Forcing an evacuation needs a target host.");
        }
        evacuations.evacuate(instanceId, new Evacuations.Request(host, force), caller);
        if (version.atLeast(14)) {
            return Response.ok().build();
        }
        return Response.ok(Map.of("adminPass", adminPass != null ? adminPass : ServerResource.adminPass())).build();
    }

    private static boolean requiredBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw Fields.invalid(field, value, "It must be a boolean.");
        }
        return value.asBoolean();
    }

    /** 202 with the new image's address in {@code Location}, as Nova answers before 2.45. */
    private Response createImage(UUID instanceId, Snapshots.Request request) {
        String imageId = snapshots.createImage(instanceId, request, caller);
        return Response.accepted()
                .header("Location", Links.computeRoot(uri) + "/images/" + imageId)
                .build();
    }

    /** Up to 2.55 Nova's migrate takes no arguments: the body is {@code {"migrate": null}}. */
    private Caller coldMigration(JsonNode migrate) {
        if (migrate != null && !migrate.isNull()) {
            throw Fields.invalid("migrate", migrate, migrate + " is not of type 'null'.");
        }
        return caller;
    }

    /**
     * os-migrateLive's body as Nova's schemas take it: {@code host} and {@code block_migration} always required,
     * {@code disk_over_commit} required and allowed only before 2.25, {@code block_migration} "auto" from 2.25,
     * {@code force} from 2.30.
     */
    private Migrations.LiveRequest liveMigration(JsonNode live) {
        if (live == null || !live.isObject()) {
            throw Fields.invalid("os-migrateLive", live, "It must be an object.");
        }
        boolean before225 = !version.get().atLeast(25);
        java.util.Set<String> known = new java.util.HashSet<>(java.util.Set.of("host", "block_migration"));
        if (before225) {
            known.add("disk_over_commit");
        }
        if (version.get().atLeast(30)) {
            known.add("force");
        }
        Fields.onlyKnown(live, known);
        for (String required : before225 ? java.util.List.of("host", "block_migration", "disk_over_commit")
                : java.util.List.of("host", "block_migration")) {
            if (!live.has(required)) {
                throw ComputeError.badRequest("Invalid input for field/attribute " + required + ". '" + required
                        + "' is a required property.");
            }
        }
        JsonNode host = live.get("host");
        String hostName = host.isNull() ? null : Fields.string("host", host, 1, 255);
        JsonNode block = live.get("block_migration");
        boolean blockMigration;
        if (!before225 && block.isTextual() && "auto".equals(block.textValue())) {
            blockMigration = true; // instances' disks are local to their host here
        } else if (block.isBoolean() || before225 && block.isTextual()) {
            blockMigration = Fields.optionalBoolean(live, "block_migration");
        } else {
            throw Fields.invalid("block_migration", block, block + " is not valid under any of the given schemas.");
        }
        if (before225 && (live.get("disk_over_commit").isNull() || !live.get("disk_over_commit").isBoolean()
                && !live.get("disk_over_commit").isTextual())) {
            throw Fields.invalid("disk_over_commit", live.get("disk_over_commit"), "It must be a boolean.");
        }
        if (before225) {
            Fields.optionalBoolean(live, "disk_over_commit");
        }
        JsonNode force = live.get("force");
        if (force != null && !force.isBoolean()) {
            throw Fields.invalid("force", force, force + " is not of type 'boolean'.");
        }
        boolean forced = force != null && force.booleanValue();
        if (forced && hostName == null) {
            throw Fields.invalid("force", force, "force needs a host.");
        }
        return new Migrations.LiveRequest(hostName, blockMigration, forced);
    }

    private static String flavorRef(JsonNode resize) {
        if (resize == null || !resize.isObject()) {
            throw Fields.invalid("resize", resize, "It must be an object with a 'flavorRef'.");
        }
        Fields.onlyKnown(resize, java.util.Set.of("flavorRef", "OS-DCF:diskConfig"));
        String flavorRef = Fields.requiredString(resize, "flavorRef", 1, 255);
        if (flavorRef.isBlank()) {
            throw Fields.invalid("flavorRef", flavorRef, "It must not be blank.");
        }
        return flavorRef;
    }

    private static String resetTo(JsonNode reset) {
        String state = reset == null ? null : reset.path("state").asText(null);
        if (!"active".equals(state) && !"error".equals(state)) {
            throw Fields.invalid("state", state, "It must be 'active' or 'error'.");
        }
        return state;
    }

    private static String actionName(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1) {
            throw ComputeError.badRequest("The request body must hold exactly one action, e.g. {\"os-stop\": null}.");
        }
        Iterator<String> names = body.fieldNames();
        return names.next();
    }

    private static PowerAction rebootType(JsonNode reboot) {
        if (reboot == null || !reboot.isObject()) {
            throw Fields.invalid("reboot", reboot, "It must be an object with a 'type'.");
        }
        String type = Fields.requiredString(reboot, "type", 1, 4);
        return switch (type.toUpperCase(java.util.Locale.ROOT)) {
            case "SOFT" -> PowerAction.REBOOT_SOFT;
            case "HARD" -> PowerAction.REBOOT_HARD;
            default -> throw Fields.invalid("type", type, "'" + type + "' is not one of ['HARD', 'Hard', 'hard',"
                    + " 'SOFT', 'Soft', 'soft'].");
        };
    }

    private static Integer length(JsonNode request) {
        if (request == null || request.isNull() || !request.isObject()) {
            return null;
        }
        JsonNode length = request.get("length");
        if (length == null || length.isNull()) {
            return null;
        }
        return Fields.integer("length", length, -1, Integer.MAX_VALUE);
    }
}
