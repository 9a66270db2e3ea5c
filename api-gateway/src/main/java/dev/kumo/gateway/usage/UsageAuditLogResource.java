package dev.kumo.gateway.usage;

import dev.kumo.gateway.compute.ComputeError;
import dev.kumo.gateway.hosts.ComputeHost;
import dev.kumo.gateway.hosts.HostDirectory;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nova's {@code os-instance_usage_audit_log} for admins: how far the hosts got with auditing instance usage for the
 * last completed month before a date. Kumo's hosts run no usage audit (usage is counted from the instances
 * themselves, see os-simple-tenant-usage), so every host is reported as not run for every period.
 */
@Path("/compute/v2.1/os-instance_usage_audit_log")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class UsageAuditLogResource {

    private static final DateTimeFormatter NOVA = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<DateTimeFormatter> ACCEPTED = List.of(NOVA,
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));

    private final Caller caller;
    private final HostDirectory hosts;

    public UsageAuditLogResource(Caller caller, HostDirectory hosts) {
        this.caller = caller;
        this.hosts = hosts;
    }

    @GET
    public Map<String, Object> index() {
        caller.requireAdmin("os_compute_api:os-instance-usage-audit-log:list");
        return Map.of("instance_usage_audit_logs", audit(LocalDateTime.now(ZoneOffset.UTC)));
    }

    @GET
    @Path("/{before}")
    public Map<String, Object> show(@PathParam("before") String before) {
        caller.requireAdmin("os_compute_api:os-instance-usage-audit-log:show");
        return Map.of("instance_usage_audit_log", audit(parse(before)));
    }

    private Map<String, Object> audit(LocalDateTime before) {
        LocalDateTime end = before.toLocalDate().withDayOfMonth(1).atStartOfDay();
        LocalDateTime begin = end.minusMonths(1);
        List<String> notRun = hosts.all().stream().map(ComputeHost::name).sorted().toList();
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("hosts_not_run", notRun);
        audit.put("log", Map.of());
        audit.put("num_hosts", notRun.size());
        audit.put("num_hosts_done", 0);
        audit.put("num_hosts_not_run", notRun.size());
        audit.put("num_hosts_running", 0);
        audit.put("overall_status", notRun.isEmpty() ? "ALL hosts done. 0 errors."
                : "0 of " + notRun.size() + " hosts done. 0 errors.");
        audit.put("period_beginning", NOVA.format(begin));
        audit.put("period_ending", NOVA.format(end));
        audit.put("total_errors", 0);
        audit.put("total_instances", 0);
        return audit;
    }

    private static LocalDateTime parse(String before) {
        for (DateTimeFormatter format : ACCEPTED) {
            try {
                return LocalDateTime.parse(before, format);
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        throw ComputeError.badRequest("Invalid timestamp for date " + before);
    }
}
