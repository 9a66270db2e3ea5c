package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.ComputeHost;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Reads what only the instance's host knows (its console, its diagnostics) from the host's agent, found through
 * the scheduler's host directory. 409 while the instance has no host yet, or its host cannot answer for it.
 */
@ApplicationScoped
public class InstanceAgent {

    private final HostDirectory hosts;

    public InstanceAgent(HostDirectory hosts) {
        this.hosts = hosts;
    }

    /** GET {@code <agent>/agent/instances/<id>/<resource>} for an instance the caller may see. */
    public JsonNode read(UUID id, String resource, Caller caller) {
        String host = hostOf(id, caller);
        ComputeHost computeHost = hosts.named(host).filter(found -> found.agentUrl() != null)
                .orElseThrow(() -> ComputeError.conflict("Instance " + id + " is not ready: its host " + host
                        + " is unknown."));
        JsonNode answer = hosts.get(computeHost.agentUrl() + "/agent/instances/" + id + "/" + resource);
        if (answer.isMissingNode()) {
            throw ComputeError.conflict("Instance " + id + " is not ready: host " + host + " does not have it.");
        }
        return answer;
    }

    private static String hostOf(UUID id, Caller caller) {
        Instance instance = Servers.visibleTo(id, caller);
        if (instance.host == null || instance.isBuilding()) {
            throw ComputeError.conflict("Instance " + id + " is not ready");
        }
        return instance.host;
    }
}
