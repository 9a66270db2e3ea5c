package dev.kumo.gateway.portal.dashboard;

import dev.kumo.gateway.actions.InstanceAction;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.portal.Portal;
import dev.kumo.gateway.portal.hosts.HostRow;
import dev.kumo.gateway.servers.Instance;
import dev.kumo.gateway.servers.VmState;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator's dashboard: hosts up and down, each host's capacity and use, instances by status across every
 * project, and the latest failures with their faults. It refreshes itself when instances change.
 */
@Path("/portal/dashboard")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    private static final int FAILURES = 10;

    private final Portal portal;
    private final HostDirectory hosts;
    private final Template page;

    public DashboardPage(Portal portal, HostDirectory hosts, @Location("portal/dashboard.html") Template page) {
        this.portal = portal;
        this.hosts = hosts;
        this.page = page;
    }

    /** A failure to look at: an instance in ERROR with its fault, or an action that ended in error. */
    public record Failure(String instanceId, String what, String message, java.time.Instant at, String requestId) {
    }

    @GET
    @Transactional
    public TemplateInstance show() {
        return render(page);
    }

    /** The dashboard's content alone, reloaded live. */
    @GET
    @Path("/content")
    @Transactional
    public TemplateInstance content() {
        return render(page.getFragment("content").instance().data("viewer", portal.viewer()));
    }

    private TemplateInstance render(Object template) {
        portal.caller().requireAdmin("os_compute_api:os-hypervisors");
        List<HostRow> rows = hosts.all().stream().map(HostRow::new).toList();
        long up = rows.stream().filter(row -> row.host().isUp()).count();
        long maintenance = rows.stream().filter(row -> row.host().maintenance()).count();
        TemplateInstance instance = template instanceof Template full ? portal.page(full, "Dashboard", "dashboard")
                : (TemplateInstance) template;
        return instance.data("hosts", rows).data("up", up).data("down", rows.size() - up)
                .data("maintenance", maintenance).data("byStatus", byStatus()).data("failures", failures());
    }

    private static Map<String, Long> byStatus() {
        Map<String, Long> counts = new TreeMap<>();
        List<Object[]> rows = Instance.getEntityManager().createQuery(
                "select i.vmState, i.taskState, count(i) from Instance i where i.deletedAt is null"
                        + " group by i.vmState, i.taskState", Object[].class).getResultList();
        for (Object[] row : rows) {
            counts.merge(VmState.status((String) row[0], (String) row[1]), (Long) row[2], Long::sum);
        }
        return counts;
    }

    private static List<Failure> failures() {
        List<Failure> found = new java.util.ArrayList<>();
        Instance.<Instance>find("deletedAt is null and faultMessage is not null order by faultCreatedAt desc")
                .page(0, FAILURES).list()
                .forEach(i -> found.add(new Failure(i.id.toString(), "instance " + i.name + " (" + VmState.status(
                        i.vmState, i.taskState) + ")", i.faultMessage, i.faultCreatedAt, null)));
        InstanceAction.<InstanceAction>find("message is not null order by startTime desc").page(0, FAILURES).list()
                .forEach(a -> found.add(new Failure(a.instanceId.toString(), "action " + a.action, a.message,
                        a.finishTime == null ? a.startTime : a.finishTime, a.requestId)));
        found.sort(java.util.Comparator.comparing(Failure::at, java.util.Comparator.nullsLast(
                java.util.Comparator.reverseOrder())));
        return found.size() > FAILURES ? found.subList(0, FAILURES) : found;
    }

    @ServerExceptionMapper
    public Response refused(ComputeError failure) {
        return portal.refused(failure, "/portal");
    }
}
