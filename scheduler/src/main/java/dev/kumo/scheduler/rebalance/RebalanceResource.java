package dev.kumo.scheduler.rebalance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kumo.contracts.Resources;
import dev.kumo.scheduler.aggregates.Aggregate;
import dev.kumo.scheduler.aggregates.Zones;
import dev.kumo.scheduler.api.ApiError;
import dev.kumo.scheduler.hosts.Host;
import dev.kumo.scheduler.hosts.HostLiveness;
import dev.kumo.scheduler.placement.Allocation;
import dev.kumo.scheduler.rebalance.RebalancePlanner.HostLoad;
import dev.kumo.scheduler.rebalance.RebalancePlanner.InstanceLoad;
import dev.kumo.scheduler.rebalance.RebalancePlanner.Metric;
import dev.kumo.scheduler.rebalance.RebalancePlanner.Plan;
import dev.kumo.scheduler.rebalance.RebalancePlanner.Policy;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rebalancing plan for a scope of hosts (an availability zone, an aggregate or a list of hosts) under a policy
 * (metric {@code ram}|{@code vcpu}, {@code threshold_percent}, {@code max_moves}); planning only, the gateway
 * executes the moves as live migrations. Internal, like /hosts and /aggregates. Only instances that hold nothing
 * for a migration are moved.
 */
@Path("/rebalance")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RebalanceResource {

    private final Zones zones;
    private final HostLiveness liveness;
    private final RebalancePlanner planner = new RebalancePlanner();

    public RebalanceResource(Zones zones, HostLiveness liveness) {
        this.zones = zones;
        this.liveness = liveness;
    }

    @POST
    @Path("/plan")
    @Transactional
    public Map<String, Object> plan(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.");
        }
        Policy policy = policy(body);
        Set<String> scope = scope(body);
        Instant aliveSince = liveness.aliveSince();
        Map<String, String> zoned = zones.zonedHosts();
        List<HostLoad> hosts = new ArrayList<>();
        for (String name : scope) {
            Host host = Host.findById(name);
            if (host != null) {
                hosts.add(new HostLoad(host.name, zoned.getOrDefault(host.name, zones.defaultZone()),
                        capacity(host), host.used(), host.enabled && !host.maintenance && host.isUp(aliveSince)));
            }
        }
        List<Allocation> allocations = scope.isEmpty() ? List.of()
                : Allocation.<Allocation>list("host in ?1", scope);
        Set<String> migrating = new TreeSet<>();
        allocations.stream().filter(allocation -> allocation.migrationOf != null)
                .forEach(allocation -> migrating.add(allocation.migrationOf.toString()));
        List<InstanceLoad> instances = allocations.stream()
                .filter(allocation -> allocation.migrationOf == null
                        && allocation.state == Allocation.State.CLAIMED
                        && !migrating.contains(allocation.instanceId.toString()))
                .map(allocation -> new InstanceLoad(allocation.instanceId, allocation.host,
                        allocation.resources(), allocation.serverGroupId))
                .toList();
        return view(policy, planner.plan(policy, hosts, instances));
    }

    private static Policy policy(JsonNode body) {
        JsonNode metric = body.path("metric");
        Metric chosen = Metric.RAM;
        if (!metric.isMissingNode() && !metric.isNull()) {
            if (!metric.isTextual() || !Set.of("ram", "vcpu").contains(metric.asText())) {
                throw ApiError.badRequest("metric must be ram or vcpu.");
            }
            chosen = Metric.valueOf(metric.asText().toUpperCase(Locale.ROOT));
        }
        JsonNode threshold = body.path("threshold_percent");
        double thresholdPercent = 10;
        if (!threshold.isMissingNode() && !threshold.isNull()) {
            if (!threshold.isNumber() || threshold.asDouble() < 0 || threshold.asDouble() > 100) {
                throw ApiError.badRequest("threshold_percent must be a number from 0 to 100.");
            }
            thresholdPercent = threshold.asDouble();
        }
        JsonNode moves = body.path("max_moves");
        int maxMoves = 10;
        if (!moves.isMissingNode() && !moves.isNull()) {
            if (!moves.isIntegralNumber() || moves.asInt() < 1 || moves.asInt() > 1000) {
                throw ApiError.badRequest("max_moves must be a whole number from 1 to 1000.");
            }
            maxMoves = moves.asInt();
        }
        return new Policy(chosen, thresholdPercent, maxMoves);
    }

    /** The hosts the plan may touch: exactly one of availability_zone, aggregate, hosts. */
    private Set<String> scope(JsonNode body) {
        JsonNode zone = body.path("availability_zone");
        JsonNode aggregate = body.path("aggregate");
        JsonNode hosts = body.path("hosts");
        int given = (zone.isMissingNode() || zone.isNull() ? 0 : 1) + (aggregate.isMissingNode()
                || aggregate.isNull() ? 0 : 1) + (hosts.isMissingNode() || hosts.isNull() ? 0 : 1);
        if (given != 1) {
            throw ApiError.badRequest("scope: give exactly one of availability_zone, aggregate or hosts.");
        }
        Set<String> scope = new TreeSet<>();
        if (!hosts.isMissingNode() && !hosts.isNull()) {
            if (!hosts.isArray() || hosts.isEmpty()) {
                throw ApiError.badRequest("hosts must be a non-empty list of host names.");
            }
            for (JsonNode host : hosts) {
                if (!host.isTextual() || Host.findById(host.asText()) == null) {
                    throw ApiError.badRequest("hosts: " + host + " is not a known host.");
                }
                scope.add(host.asText());
            }
        } else if (!aggregate.isMissingNode() && !aggregate.isNull()) {
            if (!aggregate.isTextual()) {
                throw ApiError.badRequest("aggregate must be an aggregate's name or id.");
            }
            Aggregate found = Aggregate.named(aggregate.asText())
                    .or(() -> aggregate.asText().matches("\\d+")
                            ? Aggregate.<Aggregate>findByIdOptional(Long.parseLong(aggregate.asText()))
                            : java.util.Optional.empty())
                    .orElseThrow(() -> ApiError.badRequest("aggregate: no aggregate " + aggregate.asText() + "."));
            scope.addAll(found.hosts);
        } else {
            if (!zone.isTextual()) {
                throw ApiError.badRequest("availability_zone must be a zone's name.");
            }
            Map<String, String> zoned = zones.zonedHosts();
            boolean isDefault = zone.asText().equals(zones.defaultZone());
            Host.<Host>listAll().forEach(host -> {
                String hostZone = zoned.getOrDefault(host.name, zones.defaultZone());
                if (hostZone.equals(zone.asText()) || isDefault && !zoned.containsKey(host.name)) {
                    scope.add(host.name);
                }
            });
        }
        return scope;
    }

    /** Placement's capacity: (total - reserved) × allocation ratio. */
    private static Resources capacity(Host host) {
        return new Resources((int) Math.max(0, (host.vcpus - host.reservedVcpus) * host.cpuAllocationRatio),
                (long) Math.max(0, (host.memoryMb - host.reservedMemoryMb) * host.ramAllocationRatio),
                (long) Math.max(0, (host.diskGb - host.reservedDiskGb) * host.diskAllocationRatio));
    }

    private static Map<String, Object> view(Policy policy, Plan plan) {
        List<Map<String, Object>> moves = plan.moves().stream().map(move -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("instance_id", move.instanceId().toString());
            view.put("source", move.source());
            view.put("target", move.target());
            view.put("vcpus", move.resources().vcpus());
            view.put("memory_mb", move.resources().memoryMb());
            view.put("source_before", move.sourceBefore());
            view.put("source_after", move.sourceAfter());
            view.put("target_before", move.targetBefore());
            view.put("target_after", move.targetAfter());
            return view;
        }).toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("metric", policy.metric().name().toLowerCase(Locale.ROOT));
        view.put("threshold_percent", policy.thresholdPercent());
        view.put("max_moves", policy.maxMoves());
        view.put("moves", moves);
        view.put("utilisation_before", plan.before());
        view.put("utilisation_after", plan.after());
        view.put("spread_before", plan.spreadBefore());
        view.put("spread_after", plan.spreadAfter());
        return view;
    }
}
