package dev.kumo.agent;

import dev.kumo.agent.hosts.Fleet;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every host's libvirt connection is open and the command consumer reads its partitions. */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

    private final Agent agent;
    private final Fleet fleet;

    public AgentReadiness(Agent agent, Fleet fleet) {
        this.agent = agent;
        this.fleet = fleet;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kumo-compute-agent")
                .status(agent.isReady())
                .withData("hosts", fleet.hosts().size())
                .withData("consumerGroup", agent.consumerGroup())
                .build();
    }
}
