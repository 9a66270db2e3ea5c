package dev.kumo.gateway.hosts;

import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Servers;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nova's {@code os-availability-zone}: every host is in zone {@code nova} for now. */
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
        return Map.of("availabilityZoneInfo", List.of(zone(null)));
    }

    @GET
    @Path("/detail")
    public Map<String, Object> detail() {
        caller.requireAdmin("os_compute_api:os-availability-zone:detail");
        Map<String, Object> byHost = new LinkedHashMap<>();
        for (ComputeHost host : hosts.all()) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("available", host.isUp() && host.enabled());
            service.put("active", host.enabled());
            service.put("updated_at", host.lastHeartbeatAt());
            byHost.put(host.name(), Map.of("nova-compute", service));
        }
        return Map.of("availabilityZoneInfo", List.of(zone(byHost)));
    }

    private static Map<String, Object> zone(Map<String, Object> hostsInZone) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("zoneName", Servers.ZONE);
        zone.put("zoneState", Map.of("available", true));
        zone.put("hosts", hostsInZone);
        return zone;
    }
}
