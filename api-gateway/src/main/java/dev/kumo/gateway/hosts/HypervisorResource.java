package dev.kumo.gateway.hosts;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.compute.Paging;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Instance;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Nova's {@code os-hypervisors} for admins: each compute host with its capacity and usage. */
@Path("/compute/v2.1/os-hypervisors")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class HypervisorResource {

    private final HostDirectory hosts;
    private final Caller caller;
    private final RequestedMicroversion version;

    @Context
    UriInfo uri;

    public HypervisorResource(HostDirectory hosts, Caller caller, RequestedMicroversion version) {
        this.hosts = hosts;
        this.caller = caller;
        this.version = version;
    }

    @GET
    public Map<String, Object> list(@QueryParam("limit") String limit, @QueryParam("marker") String marker) {
        return page(limit, marker, this::summary);
    }

    @GET
    @Path("/detail")
    public Map<String, Object> detail(@QueryParam("limit") String limit, @QueryParam("marker") String marker) {
        return page(limit, marker, this::detail);
    }

    @GET
    @Path("/statistics")
    public Map<String, Object> statistics() {
        caller.requireAdmin("os_compute_api:os-hypervisors");
        List<ComputeHost> all = hosts.all();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("count", all.size());
        stats.put("vcpus", all.stream().mapToLong(ComputeHost::vcpus).sum());
        stats.put("vcpus_used", all.stream().mapToLong(ComputeHost::usedVcpus).sum());
        stats.put("memory_mb", all.stream().mapToLong(ComputeHost::memoryMb).sum());
        stats.put("memory_mb_used", all.stream().mapToLong(ComputeHost::usedMemoryMb).sum());
        stats.put("free_ram_mb", all.stream().mapToLong(host -> host.memoryMb() - host.usedMemoryMb()).sum());
        stats.put("local_gb", all.stream().mapToLong(ComputeHost::diskGb).sum());
        stats.put("local_gb_used", all.stream().mapToLong(ComputeHost::usedDiskGb).sum());
        stats.put("free_disk_gb", all.stream().mapToLong(host -> host.diskGb() - host.usedDiskGb()).sum());
        stats.put("disk_available_least", all.stream().mapToLong(host -> host.diskGb() - host.usedDiskGb()).sum());
        stats.put("running_vms", all.stream().mapToLong(ComputeHost::runningInstances).sum());
        stats.put("current_workload", 0);
        return Map.of("hypervisor_statistics", stats);
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return Map.of("hypervisor", detail(byId(id)));
    }

    @GET
    @Path("/{id}/uptime")
    public Map<String, Object> uptime(@PathParam("id") String id) {
        Map<String, Object> view = summary(byId(id));
        view.put("uptime", " 00:00:00 up 0 days");
        return Map.of("hypervisor", view);
    }

    @GET
    @Path("/{pattern}/search")
    public Map<String, Object> search(@PathParam("pattern") String pattern) {
        List<Map<String, Object>> found = matching(pattern).stream().map(this::summary).toList();
        return Map.of("hypervisors", found);
    }

    @GET
    @Path("/{pattern}/servers")
    @Transactional
    public Map<String, Object> servers(@PathParam("pattern") String pattern) {
        List<Map<String, Object>> found = matching(pattern).stream().map(host -> {
            Map<String, Object> view = summary(host);
            List<Instance> instances = Instance.list("host = ?1 and deletedAt is null order by createdAt",
                    host.name());
            if (!instances.isEmpty()) {
                view.put("servers", instances.stream().map(instance -> Map.of("uuid", instance.id.toString(),
                        "name", "kumo-" + instance.id)).toList());
            }
            return view;
        }).toList();
        return Map.of("hypervisors", found);
    }

    private List<ComputeHost> matching(String pattern) {
        caller.requireAdmin("os_compute_api:os-hypervisors");
        List<ComputeHost> found = hosts.all().stream().filter(host -> host.name().contains(pattern)).toList();
        if (found.isEmpty()) {
            throw ComputeError.notFound("No hypervisor matching '" + pattern + "' could be found.");
        }
        return found;
    }

    private Map<String, Object> page(String limit, String marker, Function<ComputeHost, Map<String, Object>> render) {
        caller.requireAdmin("os_compute_api:os-hypervisors");
        if (!version.atLeast(33) && (limit != null || marker != null)) {
            limit = null;
            marker = null;
        }
        Paging.Page<ComputeHost> page = Paging.page(hosts.all(), host -> String.valueOf(host.id()), limit, marker);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hypervisors", page.items().stream().map(render).toList());
        if (version.atLeast(33)) {
            page.nextMarker().ifPresent(next -> body.put("hypervisors_links", Paging.next(uri, next, page.limit())));
        }
        return body;
    }

    private ComputeHost byId(String id) {
        caller.requireAdmin("os_compute_api:os-hypervisors");
        return hosts.all().stream().filter(host -> String.valueOf(host.id()).equals(id)).findFirst()
                .orElseThrow(() -> ComputeError.notFound("Hypervisor with ID '" + id + "' could not be found."));
    }

    private Map<String, Object> summary(ComputeHost host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", (int) host.id());
        view.put("hypervisor_hostname", host.name());
        view.put("state", host.isUp() ? "up" : "down");
        view.put("status", host.status());
        return view;
    }

    private Map<String, Object> detail(ComputeHost host) {
        Map<String, Object> view = summary(host);
        view.put("vcpus", host.vcpus());
        view.put("memory_mb", host.memoryMb());
        view.put("local_gb", host.diskGb());
        view.put("vcpus_used", host.usedVcpus());
        view.put("memory_mb_used", host.usedMemoryMb());
        view.put("local_gb_used", host.usedDiskGb());
        view.put("hypervisor_type", host.hypervisorType());
        view.put("hypervisor_version", 9000000);
        view.put("free_ram_mb", host.memoryMb() - host.usedMemoryMb());
        view.put("free_disk_gb", host.diskGb() - host.usedDiskGb());
        view.put("current_workload", 0);
        view.put("running_vms", host.runningInstances());
        view.put("cpu_info", version.atLeast(28) ? Map.of() : "{}");
        view.put("disk_available_least", host.diskGb() - host.usedDiskGb());
        view.put("host_ip", "127.0.0.1");
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("host", host.name());
        service.put("id", (int) host.id());
        service.put("disabled_reason", host.statusReason());
        view.put("service", service);
        return view;
    }
}
