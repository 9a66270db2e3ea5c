package dev.kumo.gateway.hosts;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Servers;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Nova's {@code os-hosts} (deprecated at 2.43) for admins: the compute hosts and what each offers and uses. */
@Path("/compute/v2.1/os-hosts")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class HostResource {

    private final HostDirectory hosts;
    private final Caller caller;

    public HostResource(HostDirectory hosts, Caller caller) {
        this.hosts = hosts;
        this.caller = caller;
    }

    @GET
    public Map<String, Object> list() {
        caller.requireAdmin("os_compute_api:os-hosts:list");
        return Map.of("hosts", hosts.all().stream().map(host -> Map.of("host_name", host.name(), "service",
                "compute", "zone", Servers.ZONE)).toList());
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> show(@PathParam("name") String name) {
        caller.requireAdmin("os_compute_api:os-hosts:show");
        ComputeHost host = hosts.named(name)
                .orElseThrow(() -> ComputeError.notFound("Compute host " + name + " could not be found."));
        return Map.of("host", List.of(
                usage(host, "(total)", host.vcpus(), host.memoryMb(), host.diskGb()),
                usage(host, "(used_now)", host.usedVcpus(), host.usedMemoryMb(), host.usedDiskGb()),
                usage(host, "(used_max)", host.usedVcpus(), host.usedMemoryMb(), host.usedDiskGb())));
    }

    private static Map<String, Object> usage(ComputeHost host, String project, long cpu, long memoryMb, long diskGb) {
        return Map.of("resource", Map.of("host", host.name(), "project", project, "cpu", cpu, "memory_mb", memoryMb,
                "disk_gb", diskGb));
    }
}
