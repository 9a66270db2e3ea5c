package dev.kumo.agent.hosts;

import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostRegistered;
import dev.kumo.agent.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the hosts tell the scheduler: a registration with their capacity, and heartbeats with the number of
 * instances they run. A host whose hypervisor does not answer is left out of the round and logged.
 */
@ApplicationScoped
public class HostReports {

    private static final Logger LOG = Logger.getLogger(HostReports.class);

    private final Fleet fleet;
    private final Clock clock;
    private final String agentUrl;

    @Inject
    public HostReports(Fleet fleet, Clock clock, AgentConfig config,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this(fleet, clock, config.advertisedUrl()
                .orElseGet(() -> "http://" + LocalHostName.get() + ":" + httpPort));
    }

    HostReports(Fleet fleet, Clock clock, String agentUrl) {
        this.fleet = fleet;
        this.clock = clock;
        this.agentUrl = agentUrl;
    }

    public List<HostRegistered> registrations() {
        Instant now = clock.instant();
        List<HostRegistered> registrations = new ArrayList<>();
        for (Host host : fleet.hosts()) {
            try {
                registrations.add(new HostRegistered(host.name(), host.hypervisorType(), host.domainType().xmlName(),
                        host.libvirtUri(), host.hypervisor().inventory(), now, agentUrl));
            } catch (RuntimeException e) {
                LOG.warnf("host %s cannot register now: %s", host.name(), e.getMessage());
            }
        }
        return registrations;
    }

    public List<HostHeartbeat> heartbeats() {
        Instant now = clock.instant();
        List<HostHeartbeat> heartbeats = new ArrayList<>();
        for (Host host : fleet.hosts()) {
            try {
                heartbeats.add(new HostHeartbeat(host.name(), now, host.hypervisor().running().size()));
            } catch (RuntimeException e) {
                LOG.warnf("host %s misses a heartbeat: %s", host.name(), e.getMessage());
            }
        }
        return heartbeats;
    }
}
