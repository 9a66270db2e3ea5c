package dev.kumo.agent.networking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kumo.agent.hypervisor.QemuGuest;
import dev.kumo.contracts.host.UpdateRouter;
import dev.kumo.contracts.instance.GuestNic;
import dev.kumo.contracts.instance.PortRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tenant networks on a Linux host with iproute2, dnsmasq and nftables: a segment per network ({@link HostSegments}),
 * a filter per port ({@link PortFilters}) and a namespace per router ({@link HostRouters}). What the host should have
 * is in the {@link PortRecords} and {@link RouterRecords}; a segment lives while a port or a router's leg is on it.
 * Every step checks what the host has, so a redelivered command or a restart converges without duplicates. One
 * host's changes are applied one at a time.
 */
public final class LinuxNetworks implements NetworkBackend {

    private static final Logger LOG = Logger.getLogger(LinuxNetworks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PortRecords records;
    private final RouterRecords routerRecords;
    private final HostSegments segments;
    private final HostRouters routers;
    private final HostCommands commands;

    /** Keeps its records and DHCP files under {@code directory}. */
    public LinuxNetworks(Path directory) {
        this(directory, new HostCommands());
    }

    LinuxNetworks(Path directory, HostCommands commands) {
        this.records = new PortRecords(directory.resolve("ports"));
        this.routerRecords = new RouterRecords(directory.resolve("routers"));
        this.segments = new HostSegments(directory.resolve("segments"), commands);
        this.routers = new HostRouters(commands);
        this.commands = commands;
    }

    @Override
    public synchronized void plug(UUID instanceId, List<GuestNic> nics) {
        if (nics.isEmpty() && records.of(instanceId).isEmpty()) {
            return;
        }
        List<HostPort> ports = nics.stream().map(nic -> new HostPort(instanceId, nic)).toList();
        List<HostPort> before = records.of(instanceId).orElse(List.of());
        records.save(instanceId, ports); // first: a crash from here on leaves a record of what may exist
        removeFilters(departed(before, ports));
        realize(ports);
        for (Segment left : segmentsOf(before)) {
            if (!segmentsOf(ports).contains(left)) {
                settle(left);
            }
        }
        LOG.infof("instance %s has %d port(s) on this host", instanceId, ports.size());
    }

    @Override
    public synchronized List<QemuGuest.Interface> interfaces(UUID instanceId) {
        return records.of(instanceId).orElse(List.of()).stream().map(HostPort::domainInterface).toList();
    }

    @Override
    public synchronized void updateRules(UUID instanceId, String portId, List<PortRule> rules) {
        Optional<List<HostPort>> recorded = records.of(instanceId);
        if (recorded.isEmpty() || recorded.get().stream().noneMatch(port -> port.portId().equals(portId))) {
            LOG.infof("port %s of instance %s is not on this host: its rules are not applied here", portId,
                    instanceId);
            return;
        }
        List<HostPort> ports = recorded.get().stream().map(port -> port.portId().equals(portId)
                ? new HostPort(instanceId, port.nic().withRules(rules)) : port).toList();
        HostPort changed = ports.stream().filter(port -> port.portId().equals(portId)).findFirst().orElseThrow();
        records.save(instanceId, ports);
        applyFilter(changed);
        LOG.infof("port %s of instance %s now has %d rule(s)", portId, instanceId, rules.size());
    }

    @Override
    public synchronized void unplug(UUID instanceId) {
        Optional<List<HostPort>> recorded = records.of(instanceId);
        if (recorded.isEmpty()) {
            return;
        }
        removeFilters(recorded.get());
        records.remove(instanceId);
        segmentsOf(recorded.get()).forEach(this::settle);
        LOG.infof("instance %s has no ports on this host any more", instanceId);
    }

    @Override
    public synchronized void reconcile(Collection<UUID> instancesWithDomains) {
        Map<UUID, List<HostPort>> all = records.all();
        Set<Segment> known = new LinkedHashSet<>();
        for (Map.Entry<UUID, List<HostPort>> entry : all.entrySet()) {
            if (!instancesWithDomains.contains(entry.getKey())) {
                LOG.infof("instance %s has no domain here: its ports go", entry.getKey());
                removeFilters(entry.getValue());
                records.remove(entry.getKey());
            } else {
                known.addAll(segmentsOf(entry.getValue()));
            }
        }
        for (RouterRecords.RouterRecord record : routerRecords.all()) {
            if (record.progress() == RouterRecords.Progress.REMOVING) {
                LOG.infof("router %s was being taken away: it goes", record.router().routerId());
                routers.remove(record.router().routerId());
                routerRecords.remove(record.router().routerId());
            }
        }
        Set<Segment> everySegment = new LinkedHashSet<>(segments.withFiles());
        everySegment.addAll(known);
        routerRecords.all().forEach(record -> everySegment.addAll(record.hostRouter().segments()));
        everySegment.forEach(this::settle);
        records.all().values().forEach(ports -> ports.forEach(this::applyFilter));
        for (RouterRecords.RouterRecord record : routerRecords.all()) {
            realizeRouter(record.hostRouter());
        }
        LOG.infof("tenant networks reconciled: %d instance(s) with ports, %d segment(s), %d router(s)",
                records.all().size(), known.size(), routerRecords.all().size());
    }

    @Override
    public synchronized void updateRouter(UpdateRouter update) {
        HostRouter wanted = new HostRouter(update); // checked before anything is recorded
        Optional<RouterRecords.RouterRecord> recorded = routerRecords.of(update.routerId());
        if (recorded.isPresent() && isNotNewer(update, recorded.get())) {
            LOG.infof("router %s: revision %d is not newer than the one this host has (%d): nothing to change",
                    update.routerId(), update.revision(), recorded.get().router().revision());
            return;
        }
        if (update.removed()) {
            recorded.ifPresent(record -> removeRouter(record.router(), update.revision()));
            return;
        }
        routerRecords.save(update, RouterRecords.Progress.REALIZING); // first: a crash leaves a record of it
        Set<Segment> left = new LinkedHashSet<>();
        recorded.ifPresent(record -> left.addAll(record.hostRouter().segments()));
        realizeRouter(wanted);
        left.removeAll(wanted.segments());
        left.forEach(this::settle); // after its legs are gone from them
        LOG.infof("router %s (revision %d) has %d leg(s) and %d floating IP(s) on this host", update.routerId(),
                update.revision(), wanted.legs().size(), wanted.nats().size());
    }

    /**
     * An older revision, or the same one again once realized, changes nothing. The same revision with another
     * content (a removal when the host lost the router's last port, say) does.
     */
    private static boolean isNotNewer(UpdateRouter update, RouterRecords.RouterRecord recorded) {
        long realized = recorded.router().revision();
        return update.revision() < realized || update.revision() == realized
                && recorded.progress() == RouterRecords.Progress.REALIZED && update.equals(recorded.router());
    }

    /** Makes the bridges of the router's legs, then the router, and records it realized. */
    private void realizeRouter(HostRouter router) {
        router.segments().forEach(this::settle);
        routers.ensure(router);
        routerRecords.save(router.update(), RouterRecords.Progress.REALIZED);
    }

    private void removeRouter(UpdateRouter realized, long revision) {
        routerRecords.save(realized, RouterRecords.Progress.REMOVING);
        routers.remove(realized.routerId());
        routerRecords.remove(realized.routerId());
        new HostRouter(realized).segments().forEach(this::settle);
        LOG.infof("router %s is gone from this host (revision %d)", realized.routerId(), revision);
    }

    /** Makes the segments of the ports and the ports' filters exist. */
    private void realize(List<HostPort> ports) {
        for (Segment segment : segmentsOf(ports)) {
            settle(segment);
        }
        ports.forEach(this::applyFilter);
    }

    /**
     * Brings a segment to what its recorded ports and routers need: made and serving the ports, a bare bridge for
     * routers' legs alone, or gone when it has neither.
     */
    private void settle(Segment segment) {
        List<HostPort> ports = records.onSegment(segment);
        if (ports.isEmpty() && !hasRouterLegs(segment)) {
            removeZone(segment);
            segments.remove(segment);
            return;
        }
        ensureTables();
        segments.ensure(segment, ports);
        ensureZone(segment);
        routerRecords.all().stream().filter(record -> record.progress() == RouterRecords.Progress.REALIZED)
                .map(RouterRecords.RouterRecord::hostRouter).forEach(router -> routers.alignMtu(router, segment));
    }

    private boolean hasRouterLegs(Segment segment) {
        return routerRecords.all().stream().filter(record -> record.progress() != RouterRecords.Progress.REMOVING)
                .anyMatch(record -> record.hostRouter().segments().contains(segment));
    }

    private void applyFilter(HostPort port) {
        ensureTables();
        HostCommands.Result applied = commands.nft(PortFilters.port(port));
        if (!applied.ok()) {
            throw new NetworkingException("cannot filter port " + port.portId() + ": " + applied.output().strip());
        }
    }

    private void removeFilters(List<HostPort> ports) {
        for (HostPort port : ports) {
            for (String command : PortFilters.removal(port)) {
                HostCommands.Result result = commands.attempt(nftArguments(command));
                if (!result.ok() && !result.output().contains("No such file or directory")) {
                    throw new NetworkingException("cannot remove the filter of port " + port.portId() + ": "
                            + result.output().strip());
                }
            }
        }
    }

    private void ensureTables() {
        HostCommands.Result bridgeChain = commands.attempt("nft", "list", "chain", "bridge", PortFilters.TABLE,
                "forward");
        if (commands.attempt("nft", "list", "table", "inet", PortFilters.TABLE).ok() && bridgeChain.ok()) {
            if (!PortFilters.bridgeChainIsCurrent(bridgeChain.output())) {
                upgradeBridgeChain();
            }
            return;
        }
        HostCommands.Result created = commands.nft(PortFilters.tables());
        if (!created.ok() && !commands.attempt("nft", "list", "table", "inet", PortFilters.TABLE).ok()) {
            throw new NetworkingException("cannot create the kumo nftables tables: " + created.output().strip());
        }
    }

    private void upgradeBridgeChain() {
        HostCommands.Result upgraded = commands.nft(PortFilters.bridgeChainUpgrade());
        if (!upgraded.ok()) {
            throw new NetworkingException("cannot move the kumo bridge chain before br_netfilter: "
                    + upgraded.output().strip());
        }
        LOG.infof("moved the kumo bridge chain to priority %s, before br_netfilter", PortFilters.BRIDGE_PRIORITY);
    }

    /** Gives the segment's bridge a conntrack zone of its own: the lowest number no other bridge has. */
    private void ensureZone(Segment segment) {
        Map<String, Integer> zones = zones();
        if (zones.containsKey(segment.bridge())) {
            return;
        }
        Set<Integer> taken = new HashSet<>(zones.values());
        int zone = 1;
        while (taken.contains(zone)) {
            zone++;
        }
        HostCommands.Result added = commands.nft(PortFilters.zone(segment, zone));
        if (!added.ok()) {
            throw new NetworkingException("cannot give segment " + segment.name() + " a conntrack zone: "
                    + added.output().strip());
        }
    }

    private void removeZone(Segment segment) {
        HostCommands.Result result = commands.attempt(nftArguments(PortFilters.zoneRemoval(segment)));
        if (!result.ok() && !result.output().contains("No such file or directory")) {
            throw new NetworkingException("cannot remove the zone of segment " + segment.name() + ": "
                    + result.output().strip());
        }
    }

    private Map<String, Integer> zones() {
        HostCommands.Result listed = commands.attempt("nft", "-j", "list", "map", "inet", PortFilters.TABLE, "zones");
        Map<String, Integer> zones = new HashMap<>();
        if (!listed.ok()) {
            return zones;
        }
        try {
            for (JsonNode item : JSON.readTree(listed.output()).path("nftables")) {
                for (JsonNode element : item.path("map").path("elem")) {
                    zones.put(element.get(0).asText(), element.get(1).asInt());
                }
            }
        } catch (IOException e) {
            throw new NetworkingException("cannot read the conntrack zones: " + e.getMessage(), e);
        }
        return zones;
    }

    private static List<HostPort> departed(List<HostPort> before, List<HostPort> now) {
        List<HostPort> gone = new ArrayList<>();
        for (HostPort port : before) {
            boolean kept = now.stream().anyMatch(other -> other.portId().equals(port.portId())
                    && other.mac().equals(port.mac()));
            if (!kept) {
                gone.add(port);
            }
        }
        return gone;
    }

    private static Set<Segment> segmentsOf(List<HostPort> ports) {
        Set<Segment> segments = new LinkedHashSet<>();
        ports.forEach(port -> segments.add(port.segment()));
        return segments;
    }

    private static String[] nftArguments(String command) {
        List<String> arguments = new ArrayList<>();
        arguments.add("nft");
        arguments.addAll(List.of(command.split(" ")));
        return arguments.toArray(String[]::new);
    }
}
