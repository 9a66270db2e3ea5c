package dev.kumo.gateway.quotas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.gateway.compute.Fields;
import dev.kumo.gateway.compute.RequestedMicroversion;
import dev.kumo.gateway.identity.Caller;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Nova's {@code os-quota-class-sets/default}: the limits of projects that have none of their own. */
@Path("/compute/v2.1/os-quota-class-sets")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class QuotaClassSetResource {

    private final Quotas quotas;
    private final Caller caller;
    private final RequestedMicroversion version;

    public QuotaClassSetResource(Quotas quotas, Caller caller, RequestedMicroversion version) {
        this.quotas = quotas;
        this.caller = caller;
        this.version = version;
    }

    @GET
    @Path("/{quotaClass}")
    public Map<String, Object> showClass(@PathParam("quotaClass") String quotaClass) {
        caller.requireAdmin("os_compute_api:os-quota-class-sets:show");
        return Map.of("quota_class_set", QuotaView.withId(quotaClass, QuotaView.shown(version.atLeast(36), quotas.defaults())));
    }

    @PUT
    @Path("/{quotaClass}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> updateClass(@PathParam("quotaClass") String quotaClass, JsonNode body) {
        caller.requireAdmin("os_compute_api:os-quota-class-sets:update");
        Map<QuotaResource, Integer> limits = QuotaView.limitsFrom(Fields.object(body, "quota_class_set"), false, version.atLeast(36));
        if ("default".equals(quotaClass)) {
            quotas.updateDefaults(limits);
        }
        return Map.of("quota_class_set", QuotaView.shown(version.atLeast(36), quotas.defaults()));
    }
}
