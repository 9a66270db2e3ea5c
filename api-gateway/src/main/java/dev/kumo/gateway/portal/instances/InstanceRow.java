package dev.kumo.gateway.portal.instances;

import dev.kumo.gateway.flavors.Flavor;
import dev.kumo.gateway.servers.Instance;
import dev.kumo.gateway.servers.VmState;
import java.time.Instant;
import java.util.Map;

/** An instance as the portal's lists and pages show it: the API's status words, its flavor's name, its fault. */
public record InstanceRow(String id, String name, String status, String taskState, String flavor, String host,
        String projectId, Instant createdAt, String fault, boolean locked) {

    public static InstanceRow of(Instance instance, Map<String, String> flavorNames) {
        String flavor = flavorNames.computeIfAbsent(instance.flavorId,
                id -> Flavor.byId(id).map(found -> found.name).orElse(id));
        return new InstanceRow(instance.id.toString(), instance.name, VmState.status(instance.vmState,
                instance.taskState), instance.taskState, flavor, instance.host, instance.projectId,
                instance.createdAt, instance.faultMessage, instance.isLocked());
    }

    public String shortId() {
        return id.substring(0, 8);
    }

    public String shortProject() {
        return projectId.length() > 8 ? projectId.substring(0, 8) : projectId;
    }

    public boolean canStart() {
        return "SHUTOFF".equals(status) && taskState == null;
    }

    public boolean canStop() {
        return "ACTIVE".equals(status) && taskState == null;
    }

    public boolean canReboot() {
        return "ACTIVE".equals(status) && taskState == null;
    }

    public boolean canSnapshot() {
        return ("ACTIVE".equals(status) || "SHUTOFF".equals(status)) && taskState == null;
    }

    public boolean canEvacuate() {
        return host != null && taskState == null
                && ("ACTIVE".equals(status) || "SHUTOFF".equals(status) || "ERROR".equals(status));
    }

    public boolean deleting() {
        return "deleting".equals(taskState);
    }
}
