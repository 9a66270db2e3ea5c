package dev.kumo.network.ports;

import dev.kumo.network.api.Ids;
import dev.kumo.network.errors.NeutronError;
import dev.kumo.network.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.UUID;

/** A port is its project's (and admins'); another project's port is 404. */
@RequestScoped
public class PortAccess {

    private final Caller caller;

    public PortAccess(Caller caller) {
        this.caller = caller;
    }

    public List<Port> visiblePorts() {
        return caller.isAdmin() ? Port.listAll() : Port.list("projectId", caller.projectId());
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
