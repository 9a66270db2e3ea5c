package dev.kumo.gateway.portal.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.hosts.HostResource;
import dev.kumo.gateway.portal.Portal;
import dev.kumo.gateway.rebalance.RebalanceResource;
import dev.kumo.gateway.servers.ServerActionResource;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator's hosts: liveness, service status, maintenance and usage of each, and what can be done to them,
 * each through the admin API's own call ({@code os-hosts} for enable, disable and maintenance,
 * {@code os-rebalance} for the plan, the server {@code evacuate} action), which also refuses non-operators.
 */
@Path("/portal/hosts")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class HostPages {

    private final Portal portal;
    private final HostDirectory hosts;
    private final HostResource api;
    private final RebalanceResource rebalance;
    private final ServerActionResource servers;
    private final Template page;
    private final ObjectMapper json = new ObjectMapper();

    public HostPages(Portal portal, HostDirectory hosts, HostResource api, RebalanceResource rebalance,
            ServerActionResource servers, @Location("portal/hosts.html") Template page) {
        this.portal = portal;
        this.hosts = hosts;
        this.api = api;
        this.rebalance = rebalance;
        this.servers = servers;
        this.page = page;
    }

    @GET
    public TemplateInstance list() {
        portal.caller().requireAdmin("os_compute_api:os-hosts:list");
        return render(null);
    }

    /** enable, disable, maintenance-on, maintenance-off: {@code PUT os-hosts/{name}}. */
    @POST
    @Path("/{name}/{action: enable|disable|maintenance-on|maintenance-off}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("name") String name, @PathParam("action") String action) {
        ObjectNode body = json.createObjectNode();
        switch (action) {
            case "enable" -> body.put("status", "enable");
            case "disable" -> body.put("status", "disable");
            case "maintenance-on" -> body.put("maintenance_mode", "enable");
            default -> body.put("maintenance_mode", "disable");
        }
        api.update(name, body);
        return portal.done("/portal/hosts", switch (action) {
            case "enable" -> "Host " + name + " takes new instances again.";
            case "disable" -> "Host " + name + " is disabled: it takes no new instances.";
            case "maintenance-on" -> "Host " + name + " is in maintenance.";
            default -> "Host " + name + " is out of maintenance.";
        });
    }

    /** The rebalance plan for a zone, without moving anything ({@code os-rebalance} with {@code dry_run}). */
    @POST
    @Path("/rebalance-plan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance plan(@FormParam("availability_zone") String zone, @FormParam("metric") String metric,
            @FormParam("threshold_percent") String threshold) {
        ObjectNode body = json.createObjectNode();
        ObjectNode request = body.putObject("rebalance").put("dry_run", true)
                .put("availability_zone", zone == null || zone.isBlank() ? "nova" : zone.strip())
                .put("metric", metric == null || metric.isBlank() ? "ram" : metric);
        if (threshold != null && !threshold.isBlank()) {
            try {
                request.put("threshold_percent", Double.parseDouble(threshold));
            } catch (NumberFormatException e) {
                request.put("threshold_percent", threshold);
            }
        }
        JsonNode plan = ((JsonNode) rebalance.rebalance(body).getEntity()).path("rebalance");
        List<Move> moves = new java.util.ArrayList<>();
        plan.path("moves").forEach(move -> moves.add(new Move(move.path("instance_id").asText(),
                move.path("source").asText(), move.path("target").asText())));
        return render(new Plan(plan.path("spread_before").asText("-"), plan.path("spread_after").asText("-"), moves));
    }

    /** Rebuilds a server of a down host elsewhere: the server {@code evacuate} action. */
    @POST
    @Path("/evacuate/{instance}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response evacuate(@PathParam("instance") String instance) {
        ObjectNode body = json.createObjectNode();
        body.putObject("evacuate").put("onSharedStorage", false);
        servers.act(instance, body);
        return portal.done("/portal/instances/" + instance, "Evacuating the instance.");
    }

    @ServerExceptionMapper
    public Response refused(ComputeError failure) {
        return portal.refused(failure, "/portal/hosts");
    }

    /** A rebalance plan as the page shows it. */
    public record Plan(String spreadBefore, String spreadAfter, List<Move> moves) {
    }

    public record Move(String instanceId, String source, String target) {
    }

    private TemplateInstance render(Plan plan) {
        List<HostRow> rows = hosts.all().stream().map(HostRow::new).toList();
        return portal.page(page, "Hosts", "hosts").data("hosts", rows).data("plan", plan);
    }
}
