package dev.kumo.gateway.usage;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.identity.Caller;
import dev.kumo.gateway.servers.Instance;
import dev.kumo.gateway.servers.ServerView;
import dev.kumo.gateway.servers.VmState;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nova's {@code os-simple-tenant-usage}: what each project's instances used (vCPU, RAM and disk hours) in a
 * period, counted from their launch and termination times.
 */
@Path("/compute/v2.1/os-simple-tenant-usage")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TenantUsageResource {

    private final Caller caller;

    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.UriInfo uri;

    public TenantUsageResource(Caller caller) {
        this.caller = caller;
    }

    @GET
    @Transactional
    public Map<String, Object> list(@QueryParam("start") String start, @QueryParam("end") String end,
            @QueryParam("detailed") String detailed) {
        if (uri.getPath().endsWith("/")) {
            throw ComputeError.notFound("The resource could not be found."); // an empty project id, as Nova routes it
        }
        caller.requireAdmin("os_compute_api:os-simple-tenant-usage:list");
        Period period = Period.of(start, end);
        Map<String, List<Instance>> byProject = new TreeMap<>();
        for (Instance instance : period.instances(null)) {
            byProject.computeIfAbsent(instance.projectId, project -> new ArrayList<>()).add(instance);
        }
        boolean withServers = detailed != null && !"0".equals(detailed) && !"false".equalsIgnoreCase(detailed);
        return Map.of("tenant_usages", byProject.entrySet().stream()
                .map(entry -> usage(entry.getKey(), entry.getValue(), period, withServers)).toList());
    }

    @GET
    @Path("/{project}")
    @Transactional
    public Map<String, Object> show(@PathParam("project") String project, @QueryParam("start") String start,
            @QueryParam("end") String end) {
        if (!caller.sees(project)) {
            throw ComputeError.forbidden("Policy doesn't allow os_compute_api:os-simple-tenant-usage:show to be"
                    + " performed.");
        }
        Period period = Period.of(start, end);
        return Map.of("tenant_usage", usage(project, period.instances(project), period, true));
    }

    private static Map<String, Object> usage(String project, List<Instance> instances, Period period,
            boolean withServers) {
        double hours = 0;
        double vcpuHours = 0;
        double memoryHours = 0;
        double diskHours = 0;
        List<Map<String, Object>> servers = new ArrayList<>();
        for (Instance instance : instances) {
            double h = period.hoursOf(instance);
            hours += h;
            vcpuHours += h * instance.vcpus;
            memoryHours += h * instance.memoryMb;
            diskHours += h * instance.diskGb;
            servers.add(server(instance, h, period));
        }
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("tenant_id", project);
        usage.put("start", ServerView.usageTime(period.start()));
        usage.put("stop", ServerView.usageTime(period.end()));
        usage.put("total_hours", hours);
        usage.put("total_vcpus_usage", vcpuHours);
        usage.put("total_memory_mb_usage", memoryHours);
        usage.put("total_local_gb_usage", diskHours);
        if (withServers) {
            usage.put("server_usages", servers);
        }
        return usage;
    }

    private static Map<String, Object> server(Instance instance, double hours, Period period) {
        Instant started = instance.launchedAt != null ? instance.launchedAt : instance.createdAt;
        Instant ended = instance.terminatedAt;
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("instance_id", instance.id.toString());
        server.put("name", instance.name);
        server.put("hours", hours);
        server.put("memory_mb", (int) instance.memoryMb);
        server.put("local_gb", (int) instance.diskGb);
        server.put("vcpus", instance.vcpus);
        server.put("tenant_id", instance.projectId);
        server.put("flavor", instance.flavorId);
        server.put("started_at", ServerView.usageTime(started));
        server.put("ended_at", ServerView.usageTime(ended));
        server.put("state", VmState.DELETED.equals(instance.vmState) ? "terminated" : instance.vmState);
        server.put("uptime", Duration.between(started, ended != null ? ended : period.end()).toSeconds());
        return server;
    }

    /** The period asked for; Nova's defaults are the last day... to now. */
    record Period(Instant start, Instant end) {

        static Period of(String start, String end) {
            Instant to = end == null ? Instant.now() : time("end", end);
            Instant from = start == null ? to.minus(Duration.ofDays(1)) : time("start", start);
            if (!from.isBefore(to)) {
                throw ComputeError.badRequest("Invalid start time. The start time cannot occur after the end time.");
            }
            return new Period(from, to);
        }

        List<Instance> instances(String project) {
            String live = "createdAt < ?1 and (terminatedAt is null or terminatedAt > ?2)";
            return project == null ? Instance.list(live + " order by createdAt", end, start)
                    : Instance.list(live + " and projectId = ?3 order by createdAt", end, start, project);
        }

        double hoursOf(Instance instance) {
            Instant from = instance.launchedAt != null ? instance.launchedAt : instance.createdAt;
            Instant to = instance.terminatedAt != null ? instance.terminatedAt : end;
            Instant clippedFrom = from.isAfter(start) ? from : start;
            Instant clippedTo = to.isBefore(end) ? to : end;
            return clippedTo.isAfter(clippedFrom) ? Duration.between(clippedFrom, clippedTo).toMillis() / 3_600_000.0 : 0;
        }

        private static Instant time(String field, String value) {
            try {
                return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException again) {
                    throw ComputeError.badRequest("Invalid " + field + " time. The time must be ISO 8601, e.g."
                            + " 2026-11-26T00:00:00.");
                }
            }
        }
    }
}
