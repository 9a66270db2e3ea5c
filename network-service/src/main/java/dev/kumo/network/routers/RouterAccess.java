package dev.kumo.network.routers;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.UUID;

/** A router is its project's (and admins'); another project's router is 404. */
@RequestScoped
public class RouterAccess {

    private final Caller caller;

    public RouterAccess(Caller caller) {
        this.caller = caller;
    }

    public List<Router> visibleRouters() {
        return caller.isAdmin() ? Router.listAll() : Router.list("projectId", caller.projectId());
    }

    public Router visible(String id) {
        UUID routerId = Ids.inPath("Router", id);
        Router router = Router.findById(routerId);
        if (router == null || !caller.owns(router.projectId)) {
            throw NeutronError.notFound("Router", id);
        }
        return router;
    }

    public Router owned(String id, String action) {
        Router router = visible(id);
        caller.requireChange(action);
        return router;
    }
}
