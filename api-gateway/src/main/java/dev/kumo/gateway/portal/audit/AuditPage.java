package dev.kumo.gateway.portal.audit;

import dev.kumo.gateway.actions.InstanceAction;
import dev.kumo.gateway.portal.Portal;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail: the instance actions (who did what to which server, when, under which request id, and how it
 * ended), newest first; an operator's covers every project, a tenant's their own. A request id finds its action.
 */
@Path("/portal/audit")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

    private static final int SHOWN = 200;

    private final Portal portal;
    private final Template page;

    public AuditPage(Portal portal, @Location("portal/audit.html") Template page) {
        this.portal = portal;
        this.page = page;
    }

    @GET
    @Transactional
    public TemplateInstance show(@QueryParam("request_id") String requestId, @QueryParam("user") String user) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (!portal.viewer().admin()) {
            where.append(" and projectId = :project");
            parameters.put("project", portal.viewer().projectId());
        }
        if (requestId != null && !requestId.isBlank()) {
            where.append(" and requestId = :request");
            parameters.put("request", requestId.strip());
        }
        if (user != null && !user.isBlank()) {
            where.append(" and userId = :user");
            parameters.put("user", user.strip());
        }
        List<InstanceAction> actions = InstanceAction.<InstanceAction>find(where + " order by startTime desc",
                parameters).page(0, SHOWN).list();
        return portal.page(page, "Audit trail", "audit").data("actions", actions)
                .data("requestId", requestId == null ? "" : requestId).data("user", user == null ? "" : user);
    }
}
