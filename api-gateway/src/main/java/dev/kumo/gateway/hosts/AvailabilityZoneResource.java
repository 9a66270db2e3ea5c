package dev.kumo.gateway.hosts;

import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Servers;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nova's {@code os-availability-zone}: the zones the compute hosts are in, as the scheduler places them (host
 * aggregates' {@code availability_zone} metadata; {@code nova} for hosts in none). A zone is available while one of
 * its hosts can take instances: up, enabled and not in maintenance.
 */
@Path("/compute/v2.1/os-availability-zone")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AvailabilityZoneResource {

    private final HostDirectory hosts;
    private final Caller caller;

    public AvailabilityZoneResource(HostDirectory hosts, Caller caller) {
        this.hosts = hosts;
        this.caller = caller;
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("availabilityZoneInfo", zones(false));
    }

    @GET
    @Path("/detail")
    public Map<String, Object> detail() {
        caller.requireAdmin("os_compute_api:os-availability-zone:detail");
        return Map.of("availabilityZoneInfo", zones(true));
    }

    private List<Map<String, Object>> zones(boolean withHosts) {
        Map<String, List<ComputeHost>> byZone = new TreeMap<>();
        for (ComputeHost host : hosts.all()) {
            byZone.computeIfAbsent(host.availabilityZone(), zone -> new ArrayList<>()).add(host);
        }
        if (byZone.isEmpty()) {
            byZone.put(Servers.ZONE, List.of());
        }
        List<Map<String, Object>> zones = new ArrayList<>();
        byZone.forEach((name, members) -> {
            Map<String, Object> zone = new LinkedHashMap<>();
            zone.put("zoneName", name);
            zone.put("zoneState", Map.of("available", members.isEmpty() || members.stream().anyMatch(
                    host -> host.isUp() && "enabled".equals(host.status()))));
            zone.put("hosts", withHosts ? services(members) : null);
            zones.add(zone);
        });
        return zones;
    }

    private static Map<String, Object> services(List<ComputeHost> members) {
        Map<String, Object> byHost = new LinkedHashMap<>();
        for (ComputeHost host : members) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("available", host.isUp() && "enabled".equals(host.status()));
            service.put("active", "enabled".equals(host.status()));
            service.put("updated_at", host.lastHeartbeatAt());
            byHost.put(host.name(), Map.of("nova-compute", service));
        }
        return byHost;
    }
}
