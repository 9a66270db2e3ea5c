package dev.kumo.gateway.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.ComputeHost;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** {@code os-getConsoleOutput}: the tail of the instance's serial console, read from its host's agent. */
@ApplicationScoped
public class ConsoleOutput {

    private final HostDirectory hosts;

    public ConsoleOutput(HostDirectory hosts) {
        this.hosts = hosts;
    }

    public String of(UUID id, Integer length, Caller caller) {
        String host = hostOf(id, caller);
        ComputeHost computeHost = hosts.named(host).filter(found -> found.agentUrl() != null)
                .orElseThrow(() -> ComputeError.conflict("Instance " + id + " is not ready: its host " + host
                        + " is unknown."));
        String url = computeHost.agentUrl() + "/agent/instances/" + id + "/console-output"
                + (length == null || length < 0 ? "" : "?length=" + length);
        JsonNode output = hosts.get(url);
        if (output.isMissingNode()) {
            throw ComputeError.conflict("Instance " + id + " is not ready: host " + host + " has no console for it.");
        }
        return output.path("output").asText("");
    }

    private static String hostOf(UUID id, Caller caller) {
        Instance instance = Servers.visibleTo(id, caller);
        if (instance.host == null || instance.isBuilding()) {
            throw ComputeError.conflict("Instance " + id + " is not ready");
        }
        return instance.host;
    }
}
