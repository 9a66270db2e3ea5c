package dev.kumo.gateway.servers;

import dev.kumo.gateway.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** {@code os-getConsoleOutput}: the tail of the instance's serial console, read from its host's agent. */
@ApplicationScoped
public class ConsoleOutput {

    private final InstanceAgent agent;

    public ConsoleOutput(InstanceAgent agent) {
        this.agent = agent;
    }

    public String of(UUID id, Integer length, Caller caller) {
        String resource = "console-output" + (length == null || length < 0 ? "" : "?length=" + length);
        return agent.read(id, resource, caller).path("output").asText("");
    }
}
