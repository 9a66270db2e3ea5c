package dev.kumo.gateway.quotas;

import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nova's {@code GET /limits}: the project's absolute limits and what it uses of them. */
@Path("/compute/v2.1/limits")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class LimitsResource {

    private final Quotas quotas;
    private final Caller caller;
    private final RequestedMicroversion version;

    public LimitsResource(Quotas quotas, Caller caller, RequestedMicroversion version) {
        this.quotas = quotas;
        this.caller = caller;
        this.version = version;
    }

    @GET
    public Map<String, Object> limits(@QueryParam("tenant_id") String tenantId) {
        String project = caller.isAdmin() && tenantId != null ? tenantId : caller.projectId();
        Map<QuotaResource, Integer> limits = quotas.limits(project);
        Map<QuotaResource, Long> usage = quotas.usage(project);
        Map<String, Object> absolute = new LinkedHashMap<>();
        absolute.put("maxServerMeta", limits.get(QuotaResource.METADATA_ITEMS));
        absolute.put("maxPersonality", limits.get(QuotaResource.INJECTED_FILES));
        absolute.put("maxPersonalitySize", limits.get(QuotaResource.INJECTED_FILE_CONTENT_BYTES));
        absolute.put("maxTotalKeypairs", limits.get(QuotaResource.KEY_PAIRS));
        absolute.put("maxServerGroups", limits.get(QuotaResource.SERVER_GROUPS));
        absolute.put("maxServerGroupMembers", limits.get(QuotaResource.SERVER_GROUP_MEMBERS));
        absolute.put("maxTotalCores", limits.get(QuotaResource.CORES));
        absolute.put("maxTotalInstances", limits.get(QuotaResource.INSTANCES));
        absolute.put("maxTotalRAMSize", limits.get(QuotaResource.RAM));
        absolute.put("maxImageMeta", limits.get(QuotaResource.METADATA_ITEMS));
        absolute.put("totalCoresUsed", usage.get(QuotaResource.CORES));
        absolute.put("totalInstancesUsed", usage.get(QuotaResource.INSTANCES));
        absolute.put("totalRAMUsed", usage.get(QuotaResource.RAM));
        absolute.put("totalServerGroupsUsed", usage.get(QuotaResource.SERVER_GROUPS));
        if (!version.atLeast(36)) {
            absolute.put("maxSecurityGroups", limits.get(QuotaResource.SECURITY_GROUPS));
            absolute.put("maxSecurityGroupRules", limits.get(QuotaResource.SECURITY_GROUP_RULES));
            absolute.put("maxTotalFloatingIps", limits.get(QuotaResource.FLOATING_IPS));
            absolute.put("totalFloatingIpsUsed", 0);
            absolute.put("totalSecurityGroupsUsed", 0);
        }
        return Map.of("limits", Map.of("rate", List.of(), "absolute", absolute));
    }
}
