package dev.kumo.gateway.portal.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.portal.Portal;
import dev.kumo.gateway.quotas.QuotaSetResource;
import dev.kumo.gateway.servers.Instance;
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
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quota usage: a tenant's own project, or for operators every project that has servers or quotas of its own, with
 * a form to change a project's limits. Both read and write through {@code os-quota-sets}.
 */
@Path("/portal/quotas")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class QuotaPage {

    private static final List<String> SHOWN = List.of("instances", "cores", "ram", "key_pairs", "server_groups",
            "metadata_items");

    private final Portal portal;
    private final QuotaSetResource quotas;
    private final Template page;
    private final ObjectMapper json = new ObjectMapper();

    public QuotaPage(Portal portal, QuotaSetResource quotas, @Location("portal/quotas.html") Template page) {
        this.portal = portal;
        this.quotas = quotas;
        this.page = page;
    }

    /** One quota of one project: how much is used of how much (-1: unlimited). */
    public record Usage(String resource, long inUse, long limit) {

        public int percent() {
            return limit <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * inUse / limit));
        }

        public String limitText() {
            return limit < 0 ? "unlimited" : Long.toString(limit);
        }
    }

    public record ProjectUsage(String projectId, List<Usage> usage) {
    }

    @GET
    @Transactional
    public TemplateInstance show() {
        List<ProjectUsage> projects = new ArrayList<>();
        for (String project : projects()) {
            projects.add(new ProjectUsage(project, usage(project)));
        }
        return portal.page(page, portal.viewer().admin() ? "Projects and quotas" : "Quotas", "quotas")
                .data("projects", projects).data("resources", SHOWN);
    }

    /** Sets a project's instances, cores and RAM limits (operators; os-quota-sets refuses anyone else). */
    @POST
    @Path("/{project}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("project") String project, @FormParam("instances") String instances,
            @FormParam("cores") String cores, @FormParam("ram") String ram) {
        ObjectNode body = json.createObjectNode();
        ObjectNode set = body.putObject("quota_set");
        Map.of("instances", instances == null ? "" : instances, "cores", cores == null ? "" : cores,
                "ram", ram == null ? "" : ram).forEach((name, value) -> {
                    if (!value.isBlank()) {
                        try {
                            set.put(name, Long.parseLong(value.strip()));
                        } catch (NumberFormatException e) {
                            set.put(name, value.strip());
                        }
                    }
                });
        quotas.update(project, body);
        return portal.done("/portal/quotas", "Quotas of " + project + " updated.");
    }

    @ServerExceptionMapper
    public Response refused(ComputeError failure) {
        return portal.refused(failure, "/portal/quotas");
    }

    private List<String> projects() {
        if (!portal.viewer().admin()) {
            return List.of(portal.viewer().projectId());
        }
        TreeSet<String> projects = new TreeSet<>(Instance.getEntityManager().createQuery(
                "select distinct i.projectId from Instance i where i.deletedAt is null", String.class)
                .getResultList());
        projects.addAll(Instance.getEntityManager().createNativeQuery(
                "select distinct project_id from quota_limit", String.class).getResultList());
        projects.add(portal.viewer().projectId());
        return new ArrayList<>(projects);
    }

    private List<Usage> usage(String project) {
        Map<?, ?> set = (Map<?, ?>) quotas.detail(project).get("quota_set");
        List<Usage> usage = new ArrayList<>();
        for (String resource : SHOWN) {
            if (set.get(resource) instanceof Map<?, ?> detail) {
                usage.add(new Usage(resource, ((Number) detail.get("in_use")).longValue(),
                        ((Number) detail.get("limit")).longValue()));
            }
        }
        return usage;
    }
}
