package dev.kumo.agent.hosts;

import dev.kumo.contracts.Message;
import dev.kumo.contracts.host.HostHeartbeat;
import dev.kumo.contracts.host.HostHeartbeats;
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

    /** Hosts per heartbeat batch: ~30 KiB of JSON, and a scheduler transaction short enough not to hold up claims. */
    static final int BATCH = 500;

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
                        host.libvirtUri(), host.hypervisor().inventory(), now, agentUrl,
                        host.hypervisor().architecture(), host.hypervisor().traits()));
            } catch (RuntimeException e) {
                LOG.warnf("host %s cannot register now: %s", host.name(), e.getMessage());
            }
        }
        return registrations;
    }

    /**
     * One heartbeat per host, as {@link HostHeartbeat} for a lone host; a fleet's go in batches of at most
     * {@link #BATCH} hosts ({@link HostHeartbeats}), so 10,000 hosts are 20 messages and 20 statements per interval.
     */
    public List<Message> heartbeats() {
        Instant now = clock.instant();
        List<HostHeartbeats.Beat> beats = new ArrayList<>();
        for (Host host : fleet.hosts()) {
            try {
                beats.add(new HostHeartbeats.Beat(host.name(), host.hypervisor().running().size()));
            } catch (RuntimeException e) {
                LOG.warnf("host %s misses a heartbeat: %s", host.name(), e.getMessage());
            }
        }
        if (fleet.names().size() == 1) {
            return beats.stream().<Message>map(beat -> new HostHeartbeat(beat.host(), now, beat.runningInstances()))
                    .toList();
        }
        List<Message> batches = new ArrayList<>();
        for (int from = 0; from < beats.size(); from += BATCH) {
            batches.add(new HostHeartbeats(fleet.agentName(), now,
                    beats.subList(from, Math.min(beats.size(), from + BATCH))));
        }
        return batches;
    }
}
