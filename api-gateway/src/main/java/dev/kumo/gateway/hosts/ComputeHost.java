package dev.kumo.gateway.hosts;

import com.fasterxml.jackson.databind.JsonNode;

/** A compute host as the scheduler reports it: capacity, usage, liveness, service status and availability zone. */
public record ComputeHost(
        long id,
        String name,
        String hypervisorType,
        String state,
        boolean enabled,
        String disabledReason,
        int vcpus,
        int usedVcpus,
        long memoryMb,
        long usedMemoryMb,
        long diskGb,
        long usedDiskGb,
        int runningInstances,
        String agentUrl,
        String lastHeartbeatAt,
        String availabilityZone,
        boolean maintenance,
        String maintenanceReason,
        boolean forcedDown) {

    static ComputeHost from(JsonNode host) {
        return new ComputeHost(host.path("id").asLong(), host.path("name").asText(),
                host.path("hypervisor_type").asText("QEMU"), host.path("state").asText("down"),
                host.path("enabled").asBoolean(true), text(host, "disabled_reason"),
                host.path("vcpus").asInt(), host.path("used_vcpus").asInt(), host.path("memory_mb").asLong(),
                host.path("used_memory_mb").asLong(), host.path("disk_gb").asLong(), host.path("used_disk_gb").asLong(),
                host.path("running_instances").asInt(), text(host, "agent_url"), text(host, "last_heartbeat_at"),
                host.path("availability_zone").asText("nova"), host.path("maintenance").asBoolean(false),
                text(host, "maintenance_reason"), host.path("forced_down").asBoolean(false));
    }

    /**
     * The service status as Nova shows it: a host in maintenance takes no new instances, so it shows as
     * disabled even while enabled.
     */
    public String status() {
        return enabled && !maintenance ? "enabled" : "disabled";
    }

    /** Why the service shows disabled: the operator's reason, or that the host is in maintenance. */
    public String statusReason() {
        if (!enabled || !maintenance) {
            return disabledReason;
        }
        return maintenanceReason == null ? "maintenance" : "maintenance: " + maintenanceReason;
    }

    public boolean isUp() {
        return "up".equals(state);
    }

    /**
     * What Nova's {@code host_status} (2.16) says of a server on this host: {@code UP}, {@code DOWN} (silent or
     * forced down: its instances are candidates for evacuation), or {@code MAINTENANCE} (disabled or in
     * maintenance).
     */
    public String hostStatus() {
        if (!isUp()) {
            return "DOWN";
        }
        return "enabled".equals(status()) ? "UP" : "MAINTENANCE";
    }

    private static String text(JsonNode host, String field) {
        JsonNode value = host.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
