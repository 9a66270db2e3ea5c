package dev.kumo.gateway.portal.instances;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.actions.InstanceAction;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.portal.Portal;
import dev.kumo.gateway.servers.Instance;
import dev.kumo.gateway.servers.ServerActionResource;
import dev.kumo.gateway.servers.ServerResource;
import dev.kumo.gateway.servers.Servers;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The instances pages: the list (a project's, or every project's for operators, with the API's filters), one
 * instance with its console log and its actions, and the actions themselves. Every action is the API's own call
 * ({@link ServerActionResource}, {@link ServerResource}), so it is refused, recorded and traced exactly as the API
 * would; the buttons a page shows are only a courtesy.
 */
@Path("/portal/instances")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class InstancePages {

    /** The list filters the portal offers, all of them the API's own ({@code GET /servers}). */
    private static final Set<String> FILTERS = Set.of("name", "status", "host", "project_id");
    private static final List<String> STATUSES = List.of("ACTIVE", "BUILD", "SHUTOFF", "ERROR", "PAUSED",
            "SUSPENDED", "VERIFY_RESIZE", "MIGRATING");
    private static final Map<String, String> ACTIONS = Map.of("start", "os-start", "stop", "os-stop",
            "reboot", "reboot");

    private final Portal portal;
    private final ServerActionResource api;
    private final ServerResource servers;
    private final Template list;
    private final Template rows;
    private final Template row;
    private final Template detail;
    private final ObjectMapper json = new ObjectMapper();

    public InstancePages(Portal portal, ServerActionResource api, ServerResource servers,
            @Location("portal/instances.html") Template list, @Location("portal/instance-rows.html") Template rows,
            @Location("portal/instance-row.html") Template row, @Location("portal/instance.html") Template detail) {
        this.portal = portal;
        this.api = api;
        this.servers = servers;
        this.list = list;
        this.rows = rows;
        this.row = row;
        this.detail = detail;
    }

    @GET
    @Transactional
    public TemplateInstance list(@jakarta.ws.rs.core.Context UriInfo uri) {
        MultivaluedMap<String, String> filters = filters(uri);
        return portal.page(list, "Instances", "instances").data("rows", rows(filters))
                .data("filters", shownFilters(filters)).data("statuses", STATUSES)
                .data("query", uri.getRequestUri().getRawQuery() == null ? "" : uri.getRequestUri().getRawQuery());
    }

    /** The list's rows alone: what the list reloads when an instance it does not show yet appears. */
    @GET
    @Path("/rows")
    @Transactional
    public TemplateInstance rows(@jakarta.ws.rs.core.Context UriInfo uri) {
        return rows.data("viewer", portal.viewer()).data("rows", rows(filters(uri)));
    }

    /** One instance's row, reloaded when the live feed says it changed; nothing once it is gone. */
    @GET
    @Path("/{id}/row")
    @Transactional
    public Object row(@PathParam("id") String id) {
        return visible(id).<Object>map(instance -> row.data("viewer", portal.viewer())
                .data("row", InstanceRow.of(instance, new HashMap<>()))).orElse("");
    }

    @GET
    @Path("/{id}")
    @Transactional
    public TemplateInstance show(@PathParam("id") String id) {
        Instance instance = Servers.visibleTo(parse(id), portal.caller());
        InstanceRow shown = InstanceRow.of(instance, new HashMap<>());
        return portal.page(detail, instance.name, "instances").data("row", shown).data("instance", instance)
                .data("actions", InstanceAction.of(instance.id));
    }

    /** The instance's status block alone, reloaded live on its page. */
    @GET
    @Path("/{id}/status")
    @Transactional
    public Object status(@PathParam("id") String id) {
        return visible(id).<Object>map(instance -> detail.getFragment("status").data("viewer", portal.viewer())
                .data("row", InstanceRow.of(instance, new HashMap<>()))
                .data("actions", InstanceAction.of(instance.id))).orElse("<p id=\"status\">Deleted.</p>");
    }

    /** The console log, read from the instance's host through the API's {@code os-getConsoleOutput}. */
    @GET
    @Path("/{id}/console")
    public TemplateInstance console(@PathParam("id") String id) {
        ObjectNode body = json.createObjectNode();
        body.putObject("os-getConsoleOutput").put("length", 200);
        Response answer = api.act(id, body);
        Object output = ((Map<?, ?>) answer.getEntity()).get("output");
        return detail.getFragment("console").data("output", output == null ? "" : output.toString());
    }

    /** start, stop, reboot (soft), delete, snapshot: the API's calls with the session's caller. */
    @POST
    @Path("/{id}/{action: start|stop|reboot|delete|snapshot}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") String id, @PathParam("action") String action,
            @FormParam("back") String back, @FormParam("name") String snapshotName) {
        switch (action) {
            case "delete" -> servers.delete(id);
            case "snapshot" -> {
                ObjectNode body = json.createObjectNode();
                body.putObject("createImage").put("name", snapshotName == null || snapshotName.isBlank()
                        ? "snapshot-" + id.substring(0, 8) : snapshotName.strip());
                api.act(id, body);
            }
            case "reboot" -> {
                ObjectNode body = json.createObjectNode();
                body.putObject("reboot").put("type", "SOFT");
                api.act(id, body);
            }
            default -> api.act(id, json.createObjectNode().putNull(ACTIONS.get(action)));
        }
        String target = back == null && !"delete".equals(action) ? "/portal/instances/" + id : back;
        return portal.done(target == null ? "/portal/instances" : target, notice(action));
    }

    /** Refusals (403 for a reader, 404 for another project's instance, 409 in the wrong state) with the API's words. */
    @ServerExceptionMapper
    public Response refused(ComputeError failure) {
        return portal.refused(failure, "/portal/instances");
    }

    /** Every filter the form shows, blank when not given. */
    private static Map<String, String> shownFilters(MultivaluedMap<String, String> filters) {
        Map<String, String> shown = new HashMap<>();
        FILTERS.forEach(name -> shown.put(name, filters.containsKey(name) ? filters.getFirst(name) : ""));
        return shown;
    }

    private List<InstanceRow> rows(MultivaluedMap<String, String> filters) {
        Map<String, String> flavorNames = new HashMap<>();
        return Servers.listed(filters, portal.caller(), true).stream()
                .map(instance -> InstanceRow.of(instance, flavorNames)).toList();
    }

    /** The page's filters as the API takes them; operators see every project unless they pick one. */
    private MultivaluedMap<String, String> filters(UriInfo uri) {
        MultivaluedMap<String, String> filters = new MultivaluedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (FILTERS.contains(name) && !values.isEmpty() && !values.get(0).isBlank()) {
                filters.putSingle(name, values.get(0).strip());
            }
        });
        if (portal.viewer().admin()) {
            filters.putSingle("all_tenants", "1");
        }
        return filters;
    }

    private java.util.Optional<Instance> visible(String id) {
        try {
            return java.util.Optional.of(Servers.visibleTo(parse(id), portal.caller()));
        } catch (ComputeError gone) {
            return java.util.Optional.empty();
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ComputeError.notFound("Instance " + id + " could not be found.");
        }
    }

    private static String notice(String action) {
        return switch (action) {
            case "start" -> "Starting the instance.";
            case "stop" -> "Stopping the instance.";
            case "reboot" -> "Rebooting the instance.";
            case "delete" -> "Deleting the instance.";
            default -> "Taking a snapshot.";
        };
    }
}
