package dev.kumo.network.ports;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.UUID;

/** A port is its project's (and admins'); another project's port is 404. */
@RequestScoped
public class PortAccess {

    private final Caller caller;

    public PortAccess(Caller caller) {
        this.caller = caller;
    }

    /** The visible ports that may pass the list's filters, narrowed by the database (see {@link PortQuery}). */
    public List<Port> visiblePorts(MultivaluedMap<String, String> filters) {
        PortQuery query = PortQuery.of(caller.isAdmin() ? null : caller.projectId(), filters);
        return query.condition().<List<Port>>map(condition -> Port.list(condition, query.parameters()))
                .orElse(List.of());
    }

    public Port visible(String id) {
        return visible(Ids.inPath("Port", id));
    }

    public Port visible(UUID id) {
        Port port = Port.findById(id);
        if (port == null || !caller.owns(port.projectId)) {
            throw NeutronError.notFound("Port", id);
        }
        return port;
    }

    public Port owned(String id, String action) {
        Port port = visible(id);
        caller.requireChange(action);
        return port;
    }
}
