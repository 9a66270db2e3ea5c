package dev.kumo.gateway.servers;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.ComputeHost;
import dev.kumo.gateway.hosts.HostDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status of every compute host as a server's {@code host_status} shows it: UP, DOWN (its servers are
 * candidates for evacuation), MAINTENANCE. If the scheduler cannot be asked, no host is known and servers show
 * UNKNOWN rather than failing the listing.
 */
@ApplicationScoped
public class HostStatuses {

    private final HostDirectory hosts;

    public HostStatuses(HostDirectory hosts) {
        this.hosts = hosts;
    }

    public Map<String, String> byHost() {
        Map<String, String> statuses = new TreeMap<>();
        try {
            for (ComputeHost host : hosts.all()) {
                statuses.put(host.name(), host.hostStatus());
            }
        } catch (ComputeError unavailable) {
            statuses.clear();
        }
        return statuses;
    }
}
