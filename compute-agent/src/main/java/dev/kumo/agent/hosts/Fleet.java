package dev.kumo.agent.hosts;

import dev.kumo.agent.AgentConfig;
import dev.kumo.agent.images.ImageData;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** The hosts this agent process runs: one, or a simulated fleet. Empty until {@link #open()} connected them. */
@ApplicationScoped
public class Fleet {

    private static final Logger LOG = Logger.getLogger(Fleet.class);

    private final String agentName;
    private final List<String> names;
    private final Supplier<List<Host>> opener;
    private final String location;
    private volatile Map<String, Host> hosts = Map.of();

    @Inject
    public Fleet(AgentConfig config, ImageData images, java.time.Clock clock) {
        this(new HostSetup(config, images, clock));
    }

    private Fleet(HostSetup setup) {
        this(setup.baseHostName(), setup.hostNames(), setup::open, "state directory " + setup.stateDirectory());
    }

    private Fleet(String agentName, List<String> names, Supplier<List<Host>> opener, String location) {
        this.agentName = agentName;
        this.names = List.copyOf(names);
        this.opener = opener;
        this.location = location;
    }

    /** A fleet of hosts connected elsewhere, e.g. in a test. */
    public static Fleet of(String agentName, List<Host> hosts) {
        return new Fleet(agentName, hosts.stream().map(Host::name).toList(), () -> hosts, "given hosts");
    }

    /** The host names this process answers for, known before any host is connected. */
    public Set<String> names() {
        return Set.copyOf(names);
    }

    /** The host name the agent's consumer group and client ids are made from. */
    public String agentName() {
        return agentName;
    }

    /** Connects the hypervisor of every host; a no-op when already open. */
    public synchronized void open() {
        if (!hosts.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Map<String, Host> opened = new LinkedHashMap<>();
        opener.get().forEach(host -> opened.put(host.name(), host));
        hosts = opened;
        LOG.infof("opened %d host(s) in %d ms; %s", opened.size(), (System.nanoTime() - started) / 1_000_000,
                location);
    }

    public Collection<Host> hosts() {
        return hosts.values();
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** Whether every host is connected to its hypervisor. */
/** The host that has a domain for the instance, if any of this agent's hosts does. */
    public Optional<Host> holding(java.util.UUID instanceId) {
        return hosts().stream()
                .filter(host -> host.hypervisor().state(instanceId) != dev.kumo.agent.hypervisor.InstanceState.ABSENT)
                .findFirst();
    }

        public boolean isOpen() {
        Map<String, Host> current = hosts;
        return !current.isEmpty() && current.values().stream().allMatch(host -> host.hypervisor().isOpen());
    }

    @PreDestroy
    public synchronized void close() {
        hosts.values().forEach(host -> host.hypervisor().close());
        hosts = Map.of();
    }
}
